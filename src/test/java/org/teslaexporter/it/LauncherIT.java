package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.teslaexporter.it.MetricsText.await;
import static org.teslaexporter.it.MetricsText.value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The exporter as a process, started by the launch script README and the Docker image use (here with the
 * image's fast start; every other process test starts it plainly): demo mode out of the box, a bad setting
 * stopping start-up, and a first start without a login.
 */
class LauncherIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final int PORT = Integer.getInteger("launch.port", 18390);

    @Test
    void aBadSettingStopsStartUpWithAMessageNamingIt() throws Exception {
        // a CA file with the server's private key in it would send that key to Tesla and every car: refused at start
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), "bad-settings"));
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path combined = work.resolve("combined.pem");
        Files.writeString(combined, "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUexample\n-----END CERTIFICATE-----\n"
                + "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgexample\n-----END PRIVATE KEY-----\n");
        // and a places file that contradicts itself
        Path places = work.resolve("places.json");
        Files.writeString(places, "{\"currency\": \"EUR\", \"places\": [{\"name\": \"home\", \"latitude\": 52.5,"
                + " \"longitude\": 13.4, \"radius_m\": -5}]}");
        // both named at once (a wrong value of a setting itself, e.g. POLL_INTERVAL_SECONDS=abc: SettingsReaderTest)
        try (ExporterProcess exporter = ExporterProcess.start("bad-settings", PORT, Map.of(
                "LOG_FORMAT", "json", "TELEMETRY_MQTT_URL", "tcp://127.0.0.1:1883",
                "TELEMETRY_HOSTNAME", "telemetry.example.com", "TELEMETRY_CA_FILE", combined.toString(), "TMPDIR", tmp.toString(),
                "PLACES_FILE", places.toString()))) {
            assertThat(exporter.process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("process ends").isTrue();
            assertThat(exporter.process.exitValue()).isEqualTo(78);
            assertThat(exporter.output())
                    .contains("TELEMETRY_CA_FILE " + combined + " holds a PRIVATE KEY block")
                    .contains("PLACES_FILE (" + places.toAbsolutePath() + "): places[0].radius_m is -5; it must lie between 1 and 100000")
                    .doesNotContain("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgexample");
            // LOG_FORMAT=json: the message is one JSON object on one line, for a log shipper
            String line = exporter.output().lines().filter(l -> l.contains("radius_m is -5")).findFirst().orElseThrow();
            try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(line))) {
                var event = reader.readObject();
                assertThat(event.getString("LogMessage")).contains("places[0].radius_m is -5");
                assertThat(event.getString("Level")).isIn("SEVERE", "WARNING");
            }
            // the launch script's logging file does not outlive the exporter
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && !isEmpty(tmp)) {
                Thread.sleep(100);
            }
            assertThat(isEmpty(tmp)).as("the logging properties folder is removed at exit").isTrue();
        }
        // what Payara needs before the application runs is judged by the launch script itself
        assertRefusedByTheScript("EXPORTER_PORT=70000", "EXPORTER_PORT='70000' is not valid: expected a TCP port number (1-65535)");
        assertRefusedByTheScript("LOG_FORMAT=xml", "LOG_FORMAT='xml' is not valid: expected text or json");
        assertRefusedByTheScript("CLUSTER_REQUIRED=true", "CLUSTER_REQUIRED=true but neither CLUSTER_MEMBERS nor"
                + " CLUSTER_KUBERNETES_SERVICE is set");
    }

    private static void assertRefusedByTheScript(String setting, String message) throws Exception {
        Process refused = new ProcessBuilder("env", setting, "bash", "docker/run-exporter.sh", "target/payara-micro.jar",
                "target/tesla-exporter.war").redirectErrorStream(true).start();
        assertThat(refused.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as(setting).isEqualTo(78);
        assertThat(new String(refused.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains(message);
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * The Docker image's fast start (docker/prepare-fast-start.sh at build time, PAYARA_ROOT at run
     * time): the prepared runtime and class data sharing archive start the exporter twice in a row, in
     * two configurations (nothing of the first run, such as its deployment, may carry over into the second).
     */
    @Test
    void thePreparedFastStartRunsTheDemoThenAStartWithoutALoginAndStaysStateless() throws Exception {
        Path root = Path.of(System.getProperty("it.work", "target/it-work"), "fast-start").toAbsolutePath();
        Process prepare = new ProcessBuilder("bash", "docker/prepare-fast-start.sh",
                System.getProperty("payara.microJar", "target/payara-micro.jar"),
                System.getProperty("exporter.war", "target/tesla-exporter.war"), root.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(prepare.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(prepare.exitValue()).isZero();
        assertThat(root.resolve("payara.jsa")).exists();
        demoModeServesLiveMetricsOfSimulatedCarsAtTheRootContext(root);
        withoutALoginItStillServesMetricsAndSaysHowToLogIn(root);
    }

    /** Demo mode out of the box: live metrics of the simulated cars at the root context, a private run folder. */
    private static void demoModeServesLiveMetricsOfSimulatedCarsAtTheRootContext(Path root) throws Exception {
        long started = System.nanoTime();
        Path runDir;
        // -Xshare:on: the JVM refuses to start if the archive cannot be used
        try (ExporterProcess exporter = ExporterProcess.start("fast-start-demo", PORT, Map.of("TESLA_DEMO", "true",
                "PAYARA_ROOT", root.toString(), "JAVA_OPTS", "-Xshare:on"))) {
            String t = await(exporter.uri("/metrics?scope=application"), START, "demo vehicle data",
                    p -> value(p, "tesla_battery_level_percent").isPresent());
            System.err.printf("NOTICE: fast start, demo mode: first /metrics with vehicle data after %.1f s%n",
                    (System.nanoTime() - started) / 1e9);
            assertThat(value(t, "tesla_exporter_demo_mode")).contains(1.0);
            assertThat(t).contains("vin=\"5YJ3E7EB0NF000001\"", "vin=\"7SAYGDEF0PF000002\"");
            assertThat(MetricsText.fetch(exporter.uri("/"))).as("the WAR is at the root context").contains("Tesla exporter");
            assertThat(MetricsText.fetch(exporter.uri("/metrics"))).as("one port for all").contains("tesla_exporter_up");
            // /metrics is MicroProfile Metrics' own text (rendered at /mp-metrics), served from a copy
            assertThat(seriesOf(MetricsText.fetch(exporter.uri("/metrics?scope=application"))))
                    .isEqualTo(seriesOf(MetricsText.fetch(exporter.uri("/mp-metrics?scope=application"))));
            var head = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(exporter.uri("/metrics"))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(MetricsText.fetch(exporter.uri("/health/live"))).contains("\"status\":\"UP\"", "polling");
            assertThat(exporter.output()).contains("DEMO MODE");
            // one line per event, no colour codes, Payara's start-up chatter left out at the default level
            assertThat(exporter.output()).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\S+ WARNING org\\.teslaexporter\\.polling\\.VehiclePoller: DEMO MODE")
                    .doesNotContain("\u001b[", "Boot Command", "NCLS-SECURITY", "[[");
            // the set-up token: the log says where it is, never what it is; the demo's folder is private to this run
            java.util.regex.Matcher where = java.util.regex.Pattern.compile("set-up token in (\\S+setup-token) ")
                    .matcher(exporter.output());
            assertThat(where.find()).as("the log names the set-up token's file").isTrue();
            Path file = Path.of(where.group(1));
            String setupToken = Files.readString(file).strip();
            assertThat(setupToken).hasSizeGreaterThanOrEqualTo(32);
            assertThat(exporter.output()).doesNotContain(setupToken);
            // inside this run's private folder, which the launch script removes when the exporter ends
            assertThat(file.getParent().getFileName().toString()).isEqualTo("demo");
            runDir = file.getParent().getParent();
            assertThat(runDir.getFileName().toString()).startsWith("tesla-exporter-run.");
            assertThat(Files.getPosixFilePermissions(file.getParent()))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(file))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(runDir) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(runDir).as("the demo's key and set-up token are gone with the exporter").doesNotExist();
    }

    /**
     * A first start without a login still serves metrics and says how to log in; started again from the same
     * prepared runtime, with Payara's own messages shown: deployed once, nothing of the demo run carried over.
     */
    private static void withoutALoginItStillServesMetricsAndSaysHowToLogIn(Path root) throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), "no-login"));
        Path token = work.resolve("token.json");
        Files.deleteIfExists(token);
        long started = System.nanoTime();
        try (ExporterProcess exporter = ExporterProcess.start("fast-start-no-login", PORT, Map.of("PAYARA_ROOT", root.toString(),
                "JAVA_OPTS", "-Xshare:on", "LOG_LEVEL", "DEBUG",
                "TOKEN_FILE_PATH", token.toString(), "TESLA_API_BASE", "http://127.0.0.1:9", "POLL_INTERVAL_SECONDS", "1"))) {
            String t = await(exporter.uri("/metrics?scope=application"), START, "tesla_exporter_up 0",
                    p -> value(p, "tesla_exporter_up").isPresent());
            assertThat(value(t, "tesla_exporter_up")).contains(0.0);
            assertThat(value(t, "tesla_exporter_auth_ok")).contains(0.0);
            assertThat(value(t, "tesla_exporter_monitored_vehicles")).contains(0.0);
            await(exporter.uri("/metrics"), START, "the log hint", p -> {
                try {
                    return exporter.output().contains("not logged in: no token file at " + token);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            System.err.printf("NOTICE: fast start, no login: the hint logged after %.1f s%n", (System.nanoTime() - started) / 1e9);
            assertThat(exporter.output()).as("the hint is logged once, not every poll")
                    .containsOnlyOnce("not logged in: no token file at");
            String log = exporter.output();
            assertThat(log).contains("Payara Micro Runtime directory is located at " + root);
            assertThat(log).as("deployed once, not again from the demo run's configuration")
                    .containsOnlyOnce("tesla-exporter was successfully deployed");
            assertThat(value(MetricsText.fetch(exporter.uri("/metrics?scope=application")), "tesla_exporter_demo_mode"))
                    .as("the demo's setting did not carry over").contains(0.0);
        }
    }

    /**
     * The exporter-level series of a page (names and labels, not values), sorted: they do not come
     * and go with the simulated cars' state between two fetches.
     */
    private static java.util.List<String> seriesOf(String page) {
        return page.lines().filter(l -> l.startsWith("tesla_exporter_") && !l.contains("vin=\"5") && !l.contains("vin=\"7"))
                .map(l -> l.substring(0, l.lastIndexOf(' '))).sorted().toList();
    }
}
