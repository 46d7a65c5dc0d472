package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.teslaexporter.it.MetricsText.await;
import static org.teslaexporter.it.MetricsText.value;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;
import org.teslaexporter.InstalledTool;

/**
 * The journal on a real PostgreSQL that stops and starts again, under the exporter as users run it: a
 * PostgreSQL server of the test's own (Debian's binaries, a fresh cluster), a car that drives a
 * kilometre and parks every few polls. While the database is stopped, polling and {@code /metrics} go on,
 * {@code tesla_exporter_journal_ok} is 0 and the finished sessions wait; when it is back they are
 * written, each once, and the counters on {@code /metrics} agree with the rows.
 */
class JournalDatabaseIT {

    static final String VIN = "5YJ3E1EA1KF000901";
    static final int PORT = Integer.getInteger("launch.port", 18392);

    static HttpServer tesla;
    static Path work;
    static Path cluster;
    static int pgPort;
    static final AtomicInteger dataCalls = new AtomicInteger();

    /** Debian's PostgreSQL programs (the newest installed). */
    static Path bin(String program) throws IOException {
        InstalledTool.require("/usr/bin/pg_ctlcluster", "postgresql");
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Path newest = versions.sorted().reduce((a, b) -> b).orElseThrow();
            return newest.resolve("bin").resolve(program);
        }
    }

    /** Runs a PostgreSQL program; as the postgres user when the test runs as root (the server refuses root). */
    static void pg(String program, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin(program).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(program + ".log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + Files.readString(work.resolve(program + ".log"))).isZero();
    }

    static void startDatabase() throws Exception {
        pg("pg_ctl", "-D", cluster.toString(), "-w", "-t", "30", "-l", cluster.resolve("server.log").toString(),
                "-o", "-p " + pgPort + " -c listen_addresses=127.0.0.1 -k " + cluster, "start");
    }

    static void stopDatabase() throws Exception {
        pg("pg_ctl", "-D", cluster.toString(), "-w", "-m", "fast", "stop");
    }

    @BeforeAll
    static void start() throws Exception {
        work = OneCarTesla.work("journal-db");
        cluster = Files.createTempDirectory("journal-pg");
        if ("root".equals(System.getProperty("user.name"))) {
            new ProcessBuilder("chown", "postgres", cluster.toString()).start().waitFor();
            new ProcessBuilder("chmod", "o+rwx", work.toString()).start().waitFor();
        }
        try (ServerSocket s = new ServerSocket(0)) {
            pgPort = s.getLocalPort();
        }
        pg("initdb", "-D", cluster.toString(), "-U", "journal", "--auth=trust", "--no-sync");
        startDatabase();
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "journal", "")) {
            c.createStatement().execute("CREATE DATABASE journal");
        }
        tesla = OneCarTesla.serve(JournalDatabaseIT::api);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tesla != null) {
            tesla.stop(0);
        }
        if (cluster != null && Files.exists(cluster.resolve("postmaster.pid"))) {
            stopDatabase();
        }
    }

    /** The car: two polls driving (a kilometre each), two parked, over and over. */
    static void api(HttpExchange x) throws IOException {
        OneCarTesla.answer(x, VIN, "Commuter", () -> {
            int call = dataCalls.incrementAndGet();
            boolean driving = call % 4 < 2;
            double km = 10_000 + (call / 4) * 2 + (call % 4 == 1 ? 1 : call % 4 >= 2 ? 2 : 0);
            return Fixtures.own("vehicle_data.driving.json")
                    .replace("1760000000123", Long.toString(System.currentTimeMillis()))
                    .replace("\"shift_state\": \"D\"", "\"shift_state\": \"" + (driving ? "D" : "P") + "\"")
                    .replace("\"speed\": 62", "\"speed\": " + (driving ? 62 : 0))
                    .replace("\"odometer\": 15000.5", "\"odometer\": " + km / 1.609344);
        });
    }

    static long rows() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/journal", "journal", "");
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM journal_drive")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void whileThePostgreSqlIsStoppedPollingGoesOnAndWhenItIsBackEverySessionIsWrittenOnce() throws Exception {
        String base = "http://127.0.0.1:" + tesla.getAddress().getPort();
        try (ExporterProcess exporter = ExporterProcess.start("journal-db", PORT, Map.ofEntries(
                Map.entry("TESLA_CLIENT_ID", "client-db"),
                Map.entry("TESLA_API_BASE", base),
                Map.entry("TESLA_TOKEN_BASE", base),
                Map.entry("TOKEN_FILE_PATH", work.resolve("token.json").toString()),
                Map.entry("DATA_DIR", work.toString()),
                Map.entry("JOURNAL_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/journal?connectTimeout=2&socketTimeout=5"),
                Map.entry("JOURNAL_DB_USER", "journal"),
                Map.entry("JOURNAL_DB_PASSWORD", "journal-it-password"),
                Map.entry("POLL_INTERVAL_SECONDS", "2"),
                Map.entry("DRIVING_POLL_INTERVAL_SECONDS", "2"),
                Map.entry("CHARGING_POLL_INTERVAL_SECONDS", "2")))) {
            var metrics = exporter.uri("/metrics?scope=application");
            await(metrics, Duration.ofSeconds(120), "a drive in the journal",
                    p -> value(p, "tesla_drives_total", "vin=\"" + VIN + "\"").orElse(0.0) >= 1);
            assertThat(value(MetricsText.fetch(metrics), "tesla_exporter_journal_ok")).contains(1.0);

            stopDatabase();
            int callsAtStop = dataCalls.get();
            String down = await(metrics, Duration.ofSeconds(60), "the journal said to be down with drives waiting",
                    p -> value(p, "tesla_exporter_journal_ok").orElse(1.0) == 0
                            && value(p, "tesla_exporter_journal_waiting_sessions").orElse(0.0) >= 2);
            assertThat(dataCalls.get()).as("polling goes on").isGreaterThan(callsAtStop + 3);
            assertThat(value(down, "tesla_exporter_up")).contains(1.0);
            assertThat(value(down, "tesla_exporter_journal_write_errors_total")).hasValueSatisfying(n -> assertThat(n).isPositive());
            double countedWhileDown = value(down, "tesla_drives_total", "vin=\"" + VIN + "\"").orElseThrow();
            assertThat(exporter.output()).contains("The journal cannot be written (PostgreSQL 127.0.0.1:" + pgPort + "/journal)")
                    .as("one line of the journal's own, no stack trace").doesNotContain("journal-it-password", "Local Exception Stack",
                            "\tat org.eclipse.persistence");

            startDatabase();
            String back = await(metrics, Duration.ofSeconds(60), "the journal written again",
                    p -> value(p, "tesla_exporter_journal_ok").orElse(0.0) == 1
                            && value(p, "tesla_exporter_journal_waiting_sessions").orElse(1.0) == 0);
            double counted = value(back, "tesla_drives_total", "vin=\"" + VIN + "\"").orElseThrow();
            assertThat(counted).as("the drives that waited are counted when written").isGreaterThan(countedWhileDown);
            assertThat(exporter.output()).contains("Journal: written again");
            // a drive may end between the scrape and the count: the rows are at least what /metrics counted, and no drive twice
            long rows = rows();
            assertThat(rows).isGreaterThanOrEqualTo((long) counted).isLessThanOrEqualTo((long) counted + 1);
            try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/journal", "journal", "");
                 ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM (SELECT started_at FROM journal_drive"
                         + " GROUP BY started_at HAVING COUNT(*) > 1) twice")) {
                r.next();
                assertThat(r.getLong(1)).as("no drive stored twice").isZero();
            }
        }
    }
}
