package org.teslaexporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.teslaexporter.metrics.MetricFamily;
import org.teslaexporter.metrics.VehicleMetrics;

/** README is the user's reference: every metric family and every setting the code reads must be in it. */
class ReadmeTest {

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

    @Test
    void everySettingTheCodeReadsIsDocumented() throws Exception {
        String code = Files.readString(Path.of("src/main/java/org/teslaexporter/config/SettingsReader.java"));
        Matcher m = Pattern.compile("(?:value|bool|integer|optionalInteger|seconds|decimal|url|path)\\(\"([A-Z][A-Z_]+)\"").matcher(code);
        String readme = readme();
        int count = 0;
        while (m.find()) {
            count++;
            assertThat(readme).as(m.group(1)).contains("| `" + m.group(1) + "` |");
        }
        assertThat(count).isGreaterThan(15);
    }
}
