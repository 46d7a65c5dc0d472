package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * node_exporter-style golden files: the expected /metrics lines of a fixture, sorted, in
 * {@code src/test/resources/golden/}. {@code mvn verify -Dgolden.update=true} rewrites them.
 */
final class Golden {

    private Golden() {
    }

    static void assertMatches(String name, List<String> actualLines) throws IOException {
        Path file = Path.of(System.getProperty("golden.dir", "src/test/resources/golden")).resolve(name);
        String actual = String.join("\n", actualLines) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            System.err.println("NOTICE: golden file rewritten: " + file);
            return;
        }
        assertThat(file).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(actual).as("/metrics lines vs " + file + " (rewrite with -Dgolden.update=true after checking the diff)")
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
