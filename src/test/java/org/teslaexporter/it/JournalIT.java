package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;

/**
 * The journal on the exporter as users run it (the launch script, Payara Micro, the H2 file in the
 * data directory): a car charges, the exporter is killed with SIGKILL in the middle of the charge and
 * started again, the charge ends — and the journal holds one charge, from its first reading before
 * the kill to its end, with the car's own energy counter; the CSV download says so.
 */
class JournalIT {

    static final String VIN = "5YJ3E1EA1KF000801";
    static final String PASSWORD = "journal-admin-password-1";
    static final int PORT = Integer.getInteger("launch.port", 18391);

    static HttpServer tesla;
    static Path work;
    /** The car's energy counter of this charge (kWh), and whether it still charges. */
    static volatile double energy = 2.0;
    static volatile boolean charging = true;
    static final AtomicInteger dataCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        work = OneCarTesla.work("journal");
        tesla = OneCarTesla.serve(JournalIT::api);
    }

    @AfterAll
    static void stop() {
        if (tesla != null) {
            tesla.stop(0);
        }
    }

    static void api(HttpExchange x) throws IOException {
        OneCarTesla.answer(x, VIN, "Charger", () -> {
            dataCalls.incrementAndGet();
            if (charging) {
                energy += 0.5;
            }
            return Fixtures.own("vehicle_data.driving.json")
                    .replace("1760000000123", Long.toString(System.currentTimeMillis()))
                    .replace("\"shift_state\": \"D\"", "\"shift_state\": \"P\"").replace("\"speed\": 62", "\"speed\": 0")
                    .replace("\"charging_state\": \"Disconnected\"", "\"charging_state\": \"" + (charging ? "Charging" : "Complete") + "\"")
                    .replace("\"charge_energy_added\": 12.4", "\"charge_energy_added\": " + energy);
        });
    }

    static ExporterProcess exporter(String name) throws IOException {
        String base = "http://127.0.0.1:" + tesla.getAddress().getPort();
        return ExporterProcess.start(name, PORT, Map.ofEntries(
                Map.entry("TESLA_CLIENT_ID", "client-j"),
                Map.entry("TESLA_API_BASE", base),
                Map.entry("TESLA_TOKEN_BASE", base),
                Map.entry("TOKEN_FILE_PATH", work.resolve("token.json").toString()),
                Map.entry("DATA_DIR", work.toString()),
                Map.entry("ADMIN_PASSWORD", PASSWORD),
                Map.entry("POLL_INTERVAL_SECONDS", "2"),
                Map.entry("CHARGING_POLL_INTERVAL_SECONDS", "2"),
                Map.entry("DRIVING_POLL_INTERVAL_SECONDS", "2")));
    }

    static void awaitDataCalls(int atLeast, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (dataCalls.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(dataCalls.get()).as("vehicle_data calls").isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void aChargeCutByKillMinus9IsOneChargeInTheJournal() throws Exception {
        ExporterProcess first = exporter("journal-1");
        try {
            awaitDataCalls(3, Duration.ofSeconds(90));
            Thread.sleep(6_000);       // the open charge is written every 5 s
            awaitDataCalls(dataCalls.get() + 1, Duration.ofSeconds(30));
        } finally {
            first.process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            first.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);     // kill -9, mid-charge
        }
        double energyAtKill = energy;
        try (ExporterProcess second = exporter("journal-2")) {
            int before = dataCalls.get();
            awaitDataCalls(before + 2, Duration.ofSeconds(90));
            charging = false;          // the charge ends
            awaitDataCalls(dataCalls.get() + 2, Duration.ofSeconds(30));
            Thread.sleep(1_000);       // a finished session is written within a second

            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<Void> signIn = browser.send(HttpRequest.newBuilder(second.uri("/setup/signin"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("password=" + PASSWORD)).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(signIn.statusCode()).isEqualTo(303);
            HttpResponse<String> csv = browser.send(HttpRequest.newBuilder(second.uri("/setup/journal/charges.csv?vin=" + VIN)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            List<String> rows = csv.body().lines().toList();
            assertThat(rows).as(csv.body()).hasSize(2);       // the header and one charge, not two
            String[] charge = rows.get(1).split(",", -1);
            assertThat(charge[0]).isEqualTo(VIN);
            assertThat(Double.parseDouble(charge[6])).as("the car's counter at the end").isCloseTo(energy, within(1e-6))
                    .isGreaterThan(energyAtKill);
            assertThat(charge[13 - 1]).as("the note: seen %s kWh into the charge", charge[12]).startsWith("seen 2.5 kWh into the charge");
            assertThat(second.output()).contains("1 session(s) under way continued");
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(second.uri("/setup/journal")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("Charger", "1 charges");
            HttpResponse<String> bad = browser.send(HttpRequest.newBuilder(second.uri("/setup/journal/drives.csv?from=soon")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(second.uri("/metrics?scope=application"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("tesla_exporter_journal_ok{mp_scope=\"application\"} 1",
                    "tesla_charges_total{charger=\"ac\",mp_scope=\"application\",place=\"other\",vin=\"" + VIN + "\"} 1.0",
                    "tesla_last_charge_energy_added_kwh{mp_scope=\"application\",vin=\"" + VIN + "\"} " + energy);
            assertThat(metrics.body()).as("no places file: no price, so no cost").doesNotContain("tesla_charge_cost_total");
        }
    }
}
