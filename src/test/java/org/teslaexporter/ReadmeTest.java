package org.teslaexporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.teslaexporter.metrics.MetricFamily;
import org.teslaexporter.metrics.VehicleMetrics;

/** README is the user's reference: every metric family and every setting the code reads must be in it. */
public class ReadmeTest {

    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void everyMetricFamilyIsDocumented() throws Exception {
        String readme = readme();
        for (MetricFamily f : VehicleMetrics.FAMILIES) {
            assertThat(readme).as(f.name()).contains("`" + f.name() + "`");
        }
    }

    /** Every variable name {@code SettingsReader} reads, in order. */
    public static List<String> settingNames() throws Exception {
        String code = Files.readString(Path.of("src/main/java/org/teslaexporter/config/SettingsReader.java"));
        Matcher m = Pattern.compile("(?:value|bool|integer|optionalInteger|seconds|decimal|url|path)\\(\"([A-Z][A-Z_]+)\"").matcher(code);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everySettingTheCodeReadsIsDocumented() throws Exception {
        String readme = readme();
        List<String> names = settingNames();
        for (String name : names) {
            assertThat(readme).as(name).contains("| `" + name + "` |");
        }
        assertThat(names.size()).isGreaterThan(15);
    }
}
