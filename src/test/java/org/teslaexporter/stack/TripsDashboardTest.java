package org.teslaexporter.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestPostgres;
import org.teslaexporter.journal.JournalStore;
import org.teslaexporter.journal.TestJournals;

/**
 * The Trips & charges dashboard as Grafana 11 loads it (its Prometheus queries run on a real
 * Prometheus in {@code StackIT}), and the journal profile's database side on a real PostgreSQL
 * (Debian's, as {@code .ci/run} starts it): the init script makes Grafana's login read-only, and the
 * dashboard's own SQL, as Grafana's PostgreSQL data source sends it, finds the drives and charges.
 */
class TripsDashboardTest {

    static final String PG = TestPostgres.URL;
    static final String OWNER = TestPostgres.USER;
    static final String OWNER_PASSWORD = TestPostgres.PASSWORD;
    static final String READER_PASSWORD = "reader-test-only";

    private static List<JsonObject> sqlPanels(JsonObject dashboard) {
        List<JsonObject> sql = new ArrayList<>();
        for (JsonObject p : MonitoringStackTest.panels(dashboard)) {
            if (p.containsKey("datasource") && p.getJsonObject("datasource").getString("uid").equals("journal")) {
                sql.add(p);
            }
        }
        return sql;
    }

    @Test
    void itLoadsInGrafana11WithEveryPrometheusQueryOnTheSelectedCarsAndTheJournalTablesFromItsDataSource() throws Exception {
        JsonObject d = DashboardFile.read(DashboardFile.TRIPS);
        assertThat(d.getInt("schemaVersion")).isGreaterThanOrEqualTo(39);
        assertThat(d.getString("uid")).isEqualTo("tesla-trips");
        int prometheus = 0;
        for (JsonObject p : MonitoringStackTest.panels(d)) {
            if (!(p.get("targets") instanceof jakarta.json.JsonArray targets)) {
                continue;
            }
            for (JsonValue t : targets) {
                JsonObject target = t.asJsonObject();
                if (target.containsKey("expr")) {
                    prometheus++;
                    assertThat(target.getJsonObject("datasource").getString("uid")).isEqualTo(MonitoringStackTest.DATASOURCE);
                    assertThat(target.getString("expr")).as(p.getString("title")).contains("vin=~\"$vin\"");
                } else {
                    assertThat(target.getString("rawSql")).as(p.getString("title")).contains("$__timeFilter(started_at)");
                }
            }
        }
        assertThat(prometheus).isGreaterThanOrEqualTo(12);
        assertThat(sqlPanels(d)).extracting(p -> p.getString("title")).containsExactly("Drives", "Charges");
        assertThat(Files.readString(Path.of("grafana/provisioning/datasources/journal.yml")))
                .contains("uid: journal", "type: grafana-postgresql-datasource", "url: postgres:5432", "user: grafana_reader",
                        "database: tesla", "password: $JOURNAL_GRAFANA_PASSWORD");
        String compose = Files.readString(Path.of("docker/compose.yaml"));
        String postgres = compose.substring(compose.indexOf("  postgres:"));
        postgres = postgres.substring(0, postgres.indexOf("\n\n"));
        // the journal profile's, and the cluster profile's (a cluster's journal is PostgreSQL)
        assertThat(postgres).contains("profiles: [journal, cluster]", "POSTGRES_DB: tesla", "./journal/grafana-reader.sh:/docker-entrypoint-initdb.d/")
                .as("not published").doesNotContain("ports:");
        assertThat(Path.of("docker/journal/grafana-reader.sh")).exists();
    }

    /** A fresh schema for the journal's owner; required where CI named PostgreSQL, else skipped with a notice. */
    private static void freshSchema() throws SQLException {
        TestPostgres.freshSchema("public", "TripsDashboardTest");
    }

    private static void runInitScript() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "docker/journal/grafana-reader.sh").redirectErrorStream(true);
        var host = java.net.URI.create(PG.substring("jdbc:".length()));
        pb.environment().putAll(java.util.Map.of("POSTGRES_USER", OWNER, "POSTGRES_DB", host.getPath().substring(1),
                "PGHOST", host.getHost(), "PGPORT", Integer.toString(host.getPort()), "PGPASSWORD", OWNER_PASSWORD,
                "JOURNAL_GRAFANA_PASSWORD", READER_PASSWORD));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("grafana-reader.sh said: " + out).isZero();
    }

    @Test
    void grafanasReadOnlyLoginFindsTheDrivesAndChargesWithTheDashboardsOwnSql() throws Exception {
        freshSchema();
        runInitScript();
        runInitScript();        // again: the postgres image runs it once, but a second run changes nothing
        try (JournalStore store = JournalStore.open(PG, OWNER, OWNER_PASSWORD)) {
            store.save(TestJournals.commutingDay(Duration.ofMinutes(1)));
        }
        try (Connection grafana = DriverManager.getConnection(PG, "grafana_reader", READER_PASSWORD)) {
            for (JsonObject panel : sqlPanels(DashboardFile.read(DashboardFile.TRIPS))) {
                String sql = panel.getJsonArray("targets").getJsonObject(0).getString("rawSql")
                        // as Grafana's PostgreSQL macro expands it for the dashboard's time range
                        .replace("$__timeFilter(started_at)",
                                "started_at BETWEEN '2026-11-01T00:00:00Z' AND '2026-12-01T00:00:00Z'");
                var rows = grafana.createStatement().executeQuery(sql);
                int n = 0;
                while (rows.next()) {
                    n++;
                    assertThat(rows.getString("VIN")).isNotBlank();
                }
                assertThat(n).as(panel.getString("title")).isEqualTo(panel.getString("title").equals("Drives") ? 2 : 1);
            }
            assertThatThrownBy(() -> grafana.createStatement().execute("DELETE FROM journal_charge"))
                    .as("Grafana's login cannot change the journal").hasMessageContaining("permission denied");
        }
    }
}
