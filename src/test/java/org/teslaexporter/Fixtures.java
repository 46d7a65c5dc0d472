package org.teslaexporter;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test data: the project's own fixtures (classpath {@code fixtures/}) and the recorded Fleet API
 * answers in {@code ../shared/fixtures/fleet-api/}, read from there (never copied). Tests over the
 * shared ones are skipped, with a notice, where that folder is absent.
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static String own(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The shared fixture folder; skips the calling test with a notice if it is not there. */
    public static Path sharedDir() {
        Path dir = Path.of(System.getProperty("shared.fixtures", "../shared/fixtures/fleet-api"));
        if (!Files.isDirectory(dir)) {
            System.err.println("NOTICE: " + dir.toAbsolutePath() + " is absent: tests over the shared recorded"
                    + " Fleet API fixtures are skipped (the project's own fixtures still run).");
        }
        assumeTrue(Files.isDirectory(dir), "shared fixtures absent at " + dir.toAbsolutePath());
        return dir;
    }

    /** A file of {@code ../shared/fixtures/fleet-telemetry/} (signature vectors); skips the test if absent. */
    public static String sharedTelemetry(String name) {
        Path dir = sharedDir().resolveSibling("fleet-telemetry");
        assumeTrue(Files.isDirectory(dir), "shared telemetry fixtures absent at " + dir.toAbsolutePath());
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String shared(String name) {
        try {
            return Files.readString(sharedDir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of shared fixtures starting with {@code prefix}, sorted. */
    public static List<String> sharedNames(String prefix) {
        try (Stream<Path> files = Files.list(sharedDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
