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

/**
 * The user's reference: every metric family must be in {@code docs/metrics.md}, every setting the code
 * reads in {@code docs/configuration.md}, and every relative link of README and the docs must resolve.
 */
public class ReadmeTest {

    @Test
    void everyMetricFamilyIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("docs/metrics.md"));
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
        String readme = Files.readString(Path.of("docs/configuration.md"));
        List<String> names = settingNames();
        for (String name : names) {
            assertThat(readme).as(name).contains("| `" + name + "` |");
        }
        assertThat(names.size()).isGreaterThan(15);
    }

    /** Every relative link ({@code [text](path#anchor)}) of README, CONTRIBUTING and docs/ points at a file and heading that exist. */
    /** README's list of what the integration tests need is what CI installs, and its test command is what CI runs. */
    @Test
    void readmeNamesThePackagesAndTheCommandOfCi() throws Exception {
        String ci = Files.readString(Path.of(".ci/run"));
        java.util.regex.Matcher install = java.util.regex.Pattern.compile("apt-get install -y -qq --no-install-recommends ([a-z0-9 .-]+?) >")
                .matcher(ci);
        assertThat(install.find()).as(".ci/run installs with apt-get").isTrue();
        String readme = Files.readString(Path.of("README.md")).replaceAll("\\s+", " ");
        for (String pkg : install.group(1).trim().split(" ")) {
            assertThat(readme).as("README names the package " + pkg).contains("`" + pkg + "`");
            assertThat(readme).as("README's apt-get line has " + pkg).containsPattern("apt-get install [a-z0-9 -]*\\b" + pkg + "\\b");
        }
        assertThat(ci).contains("\nmvn verify\n");
        assertThat(Files.readString(Path.of("README.md"))).as("README's test command").contains("\nmvn verify ");
    }

    @Test
    void everyRelativeLinkResolves() throws Exception {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md")));
        try (var docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]*)(?:#([^)\\s]+))?\\)");
        for (Path file : files) {
            Matcher m = link.matcher(Files.readString(file));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http")) {
                    continue;
                }
                Path resolved = target.isEmpty() ? file : file.resolveSibling(target).normalize();
                assertThat(resolved).as(file + " → " + m.group()).exists();
                if (m.group(2) != null && resolved.toString().endsWith(".md")) {
                    List<String> anchors = Files.readAllLines(resolved).stream().filter(l -> l.startsWith("#"))
                            .map(l -> l.replaceAll("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
                                    .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                            .toList();
                    assertThat(anchors).as(file + " → " + m.group()).contains(m.group(2));
                }
            }
        }
    }
}
