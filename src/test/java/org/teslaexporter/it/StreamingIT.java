package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.teslaexporter.it.MetricsText.await;
import static org.teslaexporter.it.MetricsText.value;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.teslaexporter.InstalledTool;
import org.teslaexporter.telemetry.TeslaSchnorr;

/**
 * Fleet Telemetry end to end on a real Mosquitto (Debian {@code mosquitto}, started here) and the
 * launch script's exporter against a fake Fleet API: the car is configured with a config signed by
 * the key the exporter serves; messages in the dispatcher's exact format reach {@code /metrics} within
 * a second; while the stream is live no {@code vehicle_data} is asked; a silent stream brings polling
 * back; a broker restart is survived; floods, garbage and a 10 MB packet are counted, not fatal.
 */
class StreamingIT {

    private static final String STREAMER = "5YJ3E1EA1KF000021";
    private static final String POLLED = "5YJ3E1EA1KF000022";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String ADMIN_PASSWORD = "streaming-it-password";

    @Test
    void aConfiguredCarStreamsIntoTheMetricsAndPollingStepsAside() throws Exception {
        Path mosquittoBinary = Path.of("/usr/sbin/mosquitto");
        InstalledTool.require(mosquittoBinary.toString(), "mosquitto");
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), "streaming"));
        Path token = work.resolve("token.json");
        Files.writeString(token, "{\"access_token\":\"" + SleepyFleet.TOKEN + "\",\"refresh_token\":\"r\",\"expires_at\":"
                + (System.currentTimeMillis() / 1000 + 7200) + "}");
        Path ca = work.resolve("telemetry-ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUexample\n-----END CERTIFICATE-----\n");
        int brokerPort = freePort();
        try (Mosquitto broker = new Mosquitto(mosquittoBinary, work, brokerPort); SleepyFleet fleet = new SleepyFleet()) {
            fleet.add(STREAMER, true);     // driving: awake without data calls (the fake lets a parked car fall asleep)
            fleet.add(POLLED, true);
            Map<String, String> env = Map.ofEntries(
                    Map.entry("TESLA_API_BASE", "http://127.0.0.1:" + fleet.port()),
                    Map.entry("TOKEN_FILE_PATH", token.toString()),
                    Map.entry("DATA_DIR", work.toString()),
                    Map.entry("TESLA_CLIENT_ID", "it"),
                    Map.entry("TESLA_REDIRECT_URI", "https://exporter.example.com/callback"),
                    Map.entry("DRIVING_POLL_INTERVAL_SECONDS", "1"),
                    Map.entry("POLL_INTERVAL_SECONDS", "1"),
                    Map.entry("SLEEP_POLL_INTERVAL_SECONDS", "2"),
                    Map.entry("STATE_CHECK_INTERVAL_SECONDS", "1"),
                    Map.entry("SUSPEND_AFTER_IDLE_SECONDS", "600"),
                    Map.entry("TELEMETRY_MQTT_URL", "tcp://127.0.0.1:" + brokerPort),
                    Map.entry("TELEMETRY_STALE_SECONDS", "4"),
                    Map.entry("TELEMETRY_HOSTNAME", "telemetry.example.com"),
                    Map.entry("TELEMETRY_PORT", "4443"),
                    Map.entry("TELEMETRY_CA_FILE", ca.toString()),
                    Map.entry("ADMIN_PASSWORD", ADMIN_PASSWORD));
            try (ExporterProcess exporter = ExporterProcess.start("streaming", Integer.getInteger("launch.port", 18390), env);
                    MqttClient car = Mosquitto.publisher(brokerPort)) {
                URI metrics = exporter.uri("/metrics?scope=application");
                await(metrics, PATIENCE, "the broker connection",
                        t -> value(t, "tesla_telemetry_broker_connected").orElse(0.0) == 1.0
                                && value(t, "tesla_battery_level_percent", vin(STREAMER)).isPresent());

                // 1. The car was configured with a config that verifies with the key the exporter serves.
                await(metrics, PATIENCE, "the config sent", t -> !fleet.telemetryConfigsSent.isEmpty());
                verifyConfig(fleet.telemetryConfigsSent.get(0), exporter);

                // 2. A message in the dispatcher's format reaches /metrics within a second. Measured once the
                // stream is live: before that the car is polled every second, and a vehicle_data answer that
                // lands just after a streamed value replaces it (the newer arrival wins).
                Mosquitto.publish(car, "telemetry/" + STREAMER + "/connectivity",
                        "{\"ConnectionId\":\"c1\",\"Status\":\"CONNECTED\",\"CreatedAt\":\"2026-11-28T12:00:00Z\"}");
                Mosquitto.publish(car, "telemetry/" + STREAMER + "/v/InsideTemp", "21");
                await(metrics, Duration.ofSeconds(10), "the stream live", t -> value(t, "tesla_exporter_polling_mode", vin(STREAMER),
                        "mode=\"streaming\"").orElse(0.0) == 1.0);
                int inFlight = fleet.requests(STREAMER, "vehicle_data").size();
                Thread.sleep(1000);     // an answer already on its way lands now (within TELEMETRY_STALE_SECONDS)
                assertThat(fleet.requests(STREAMER, "vehicle_data").size()).as("no new vehicle_data once live").isLessThanOrEqualTo(inFlight + 1);
                long sent = System.nanoTime();
                Mosquitto.publish(car, "telemetry/" + STREAMER + "/v/BatteryLevel", "\"55.5\"");
                Mosquitto.publish(car, "telemetry/" + STREAMER + "/v/Odometer", "1000");
                String seen = awaitFast(metrics, t -> value(t, "tesla_battery_level_percent", vin(STREAMER)).orElse(0.0) == 55.5);
                long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                System.out.println("StreamingIT: stream -> /metrics in " + latencyMs + " ms");
                assertThat(latencyMs).as("stream → /metrics").isLessThanOrEqualTo(1000);
                assertThat(value(seen, "tesla_odometer_km", vin(STREAMER)).orElseThrow()).isCloseTo(1609.344, org.assertj.core.data.Offset.offset(1e-6));
                assertThat(value(seen, "tesla_exporter_data_source", vin(STREAMER), "source=\"stream\"")).contains(1.0);
                // The signal counter is counted after the snapshot changed, so a page may show the value first.
                await(metrics, Duration.ofSeconds(5), "the signals counted",
                        t -> value(t, "tesla_fleet_telemetry_signals_total", vin(STREAMER)).orElse(0.0) >= 2.0);

                // 3. While the stream is live, no vehicle_data for that car (the other car is polled all along).
                AtomicBoolean streaming = new AtomicBoolean(true);
                Thread signals = new Thread(() -> {
                    int n = 0;
                    while (streaming.get()) {
                        try {
                            Mosquitto.publish(car, "telemetry/" + STREAMER + "/v/InsideTemp", Integer.toString(20 + n++ % 3));
                            Thread.sleep(500);
                        } catch (MqttException | InterruptedException e) {
                            return;
                        }
                    }
                });
                signals.start();
                await(metrics, PATIENCE, "streaming mode", t -> value(t, "tesla_exporter_polling_mode", vin(STREAMER),
                        "mode=\"streaming\"").orElse(0.0) == 1.0);
                int dataBefore = fleet.requests(STREAMER, "vehicle_data").size();
                int otherBefore = fleet.requests(POLLED, "vehicle_data").size();
                Thread.sleep(8000);
                assertThat(fleet.requests(STREAMER, "vehicle_data")).as("no vehicle_data while the stream is live").hasSize(dataBefore);
                assertThat(fleet.requests(POLLED, "vehicle_data").size()).as("the other car is polled").isGreaterThan(otherBefore + 3);

                // The car's alert, and the set-up page: status per car; its button removes a car's config.
                Mosquitto.publish(car, "telemetry/" + STREAMER + "/alerts/BMS_w_LowSoc/current", "{\"StartedAt\":\"2026-11-28T12:00:00Z\"}");
                await(metrics, Duration.ofSeconds(10), "the alert", t -> value(t, "tesla_vehicle_alert_active", vin(STREAMER),
                        "name=\"BMS_w_LowSoc\"").orElse(0.0) == 1.0);
                setupPage(exporter, fleet);

                // 4. The stream goes silent: polling comes back.
                streaming.set(false);
                signals.join();
                long silentFrom = System.currentTimeMillis();
                await(metrics, PATIENCE, "polling to come back", t -> fleet.requests(STREAMER, "vehicle_data").size() > dataBefore);
                assertThat(System.currentTimeMillis() - silentFrom).as("after TELEMETRY_STALE_SECONDS (4 s) and a little")
                        .isBetween(3000L, 15000L);

                // 5. Broker restart: the exporter connects again by itself and the stream goes on.
                broker.restart();
                try (MqttClient again = Mosquitto.publisher(brokerPort)) {
                    await(metrics, PATIENCE, "the reconnection", t -> value(t, "tesla_telemetry_broker_connected").orElse(0.0) == 1.0);
                    Thread.sleep(500);
                    Mosquitto.publish(again, "telemetry/" + STREAMER + "/v/BatteryLevel", "61");
                    await(metrics, Duration.ofSeconds(10), "a value after the restart",
                            t -> value(t, "tesla_battery_level_percent", vin(STREAMER)).orElse(0.0) == 61.0);

                    // 6. Garbage and floods: counted, never a value, never a crash.
                    for (int i = 0; i < 3000; i++) {
                        Mosquitto.publish(again, "telemetry/" + STREAMER + "/v/BatteryLevel", i % 2 == 0 ? "{\"broken" : "\"bad value\"");
                        Mosquitto.publish(again, "telemetry/5YJ3E1EA1KF099999/v/BatteryLevel", "50");
                        Mosquitto.publish(again, "elsewhere/" + STREAMER + "/v/BatteryLevel", "50");
                    }
                    // (QoS 0: the broker may drop some of a flood; nearly all must have been counted)
                    String after = await(metrics, Duration.ofSeconds(30), "the flood counted",
                            t -> value(t, "tesla_telemetry_messages_total", "result=\"unknown_vehicle\"").orElse(0.0) >= 2700
                                    && value(t, "tesla_telemetry_messages_total", "result=\"malformed\"").orElse(0.0) >= 1350);
                    assertThat(value(after, "tesla_battery_level_percent", vin(STREAMER))).as("garbage is unknown, not 0").isEmpty();
                    assertThat(value(after, "tesla_telemetry_messages_total", "result=\"off_topic\"").orElse(0.0))
                            .as("topics outside the base are not even delivered (subscription)").isZero();

                    // a 10 MB packet: refused before it is read; the connection is made again
                    Mosquitto.publish(again, "telemetry/" + STREAMER + "/v/VehicleName", "\"" + "x".repeat(10 << 20) + "\"");
                    await(metrics, PATIENCE, "the oversized packet counted and the connection back",
                            t -> value(t, "tesla_telemetry_messages_total", "result=\"too_large\"").orElse(0.0) >= 1.0
                                    && value(t, "tesla_telemetry_broker_connected").orElse(0.0) == 1.0);
                    Thread.sleep(500);
                    Mosquitto.publish(again, "telemetry/" + STREAMER + "/v/BatteryLevel", "62");
                    await(metrics, Duration.ofSeconds(10), "the stream after the oversized packet",
                            t -> value(t, "tesla_battery_level_percent", vin(STREAMER)).orElse(0.0) == 62.0);
                }
                assertThat(exporter.output()).as("no secret in the log").doesNotContain(SleepyFleet.TOKEN);
            }
        }
    }

    private static void setupPage(ExporterProcess exporter, SleepyFleet fleet) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        java.util.function.BiFunction<String, String, java.net.http.HttpRequest> post = (path, form) -> java.net.http.HttpRequest
                .newBuilder(exporter.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build();
        var signedIn = http.send(post.apply("/setup/signin", "password=" + ADMIN_PASSWORD), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String page = http.send(java.net.http.HttpRequest.newBuilder(exporter.uri("/setup")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        String section = page.substring(page.indexOf("id=\"streaming\""));
        assertThat(section).contains("class=\"ok\">Connected to tcp://127.0.0.1", "https://tesla.com/_ak/exporter.example.com");
        String row = section.substring(section.indexOf("<td>" + STREAMER));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("<td>sent, ", "<td>yes</td>").doesNotContain("never");
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        var removed = http.send(post.apply("/setup/telemetry/remove", "csrf=" + csrf.group(1) + "&vin=" + POLLED),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(removed.statusCode()).isEqualTo(303);
        long deadline = System.currentTimeMillis() + 10_000;
        while (fleet.telemetryConfigHeld.containsKey(POLLED) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(fleet.telemetryConfigHeld).as("the config removed from that car alone").doesNotContainKey(POLLED).containsKey(STREAMER);
        assertThat(page).doesNotContain(ADMIN_PASSWORD, SleepyFleet.TOKEN);
    }

    private static void verifyConfig(String body, ExporterProcess exporter) throws Exception {
        JsonObject request = json(body);
        assertThat(request.getJsonArray("vins").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString))
                .contains(STREAMER, POLLED);
        String[] jwt = request.getString("token").split("\\.");
        assertThat(jwt).hasSize(3);
        Base64.Decoder url = Base64.getUrlDecoder();
        assertThat(json(new String(url.decode(jwt[0]), StandardCharsets.UTF_8)).getString("alg")).isEqualTo("Tesla.SS256");
        JsonObject claims = json(new String(url.decode(jwt[1]), StandardCharsets.UTF_8));
        assertThat(claims.getString("hostname")).isEqualTo("telemetry.example.com");
        assertThat(claims.getInt("port")).isEqualTo(4443);
        assertThat(claims.getString("ca")).contains("BEGIN CERTIFICATE");
        assertThat(claims.getString("aud")).isEqualTo("com.tesla.fleet.TelemetryClient");
        assertThat(claims.getJsonObject("fields").getJsonObject("BatteryLevel").getInt("interval_seconds")).isPositive();
        assertThat(claims.getJsonNumber("exp").longValue()).isGreaterThan(System.currentTimeMillis() / 1000 + 30 * 86400);

        String pem = MetricsText.fetch(exporter.uri("/.well-known/appspecific/com.tesla.3p.public-key.pem"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        ECPublicKey served = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        assertThat(Base64.getDecoder().decode(claims.getString("iss"))).as("iss is the served key")
                .isEqualTo(TeslaSchnorr.uncompressed(served.getW()));
        byte[] signingInput = (jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII);
        assertThat(TeslaSchnorr.verify(served.getW(), signingInput, url.decode(jwt[2]))).as("the signature verifies").isTrue();
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** Polls every 10 ms: the one-second promise is measured, not the poll interval of {@link MetricsText#await}. */
    private static String awaitFast(URI uri, java.util.function.Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = MetricsText.fetch(uri);
            if (done.test(text)) {
                return text;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the streamed value did not reach /metrics within 5 s:\n" + text);
    }

    private static String vin(String vin) {
        return "vin=\"" + vin + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
