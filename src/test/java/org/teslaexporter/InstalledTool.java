package org.teslaexporter;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Debian tool a test runs for real (promtool, Mosquitto, Caddy, …). CI installs every one of them
 * ({@code .ci/run}), so there a missing tool fails the test; on a developer's machine its checks are
 * skipped, with a notice that says what to install.
 */
public final class InstalledTool {

    private InstalledTool() {
    }

    /** Whether the test may use {@code path}: present, or on CI (where its absence must fail). Says so when skipped. */
    public static boolean usable(String path, String debianPackage) {
        boolean present = Files.isExecutable(Path.of(path));
        if (!present && System.getenv("CI") == null) {
            System.err.println("NOTICE: " + path + " missing (apt-get install " + debianPackage + "): its check is skipped locally.");
        }
        return present || System.getenv("CI") != null;
    }

    /** Skips the calling test where {@code path} is missing, except on CI. */
    public static void require(String path, String debianPackage) {
        assumeTrue(usable(path, debianPackage), path + " absent");
    }
}
