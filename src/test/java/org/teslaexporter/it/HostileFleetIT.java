package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.teslaexporter.it.MetricsText.await;
import static org.teslaexporter.it.MetricsText.value;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;
import org.teslaexporter.QueryString;

/**
 * The exporter as users run it against a hostile Fleet API and token endpoint (a plain JDK HTTP
 * server, so it can drip, send endless bodies and lie about content types): each hostile answer is
 * counted as what it is, the well-behaved car is read all along, scrapes are answered while the
 * token endpoint hangs, and nothing stops the poller (issue 8). Its vehicle list comes 3 cars a page,
 * so every car it reads was found by following the pages.
 */
class HostileFleetIT {

    static final String GOOD = "5YJ3E1EA1KF000101";
    static final String DRIP = "5YJ3E1EA1KF000102";
    static final String ENDLESS = "5YJ3E1EA1KF000103";
    static final String ABSURD = "5YJ3E1EA1KF000104";
    static final String HTML = "5YJ3E1EA1KF000105";
    static final String REDIRECT = "5YJ3E1EA1KF000106";
    static final String LIMITED = "5YJ3E1EA1KF000107";
    static final String FOREIGN_REGION = "5YJ3E1EA1KF000108";
    static final int BACKOFF_MAX = 60;
    /** The name Tesla gives the HTML car, and a setting of the owner's: markup both, shown as text on the set-up page. */
    static final String HOSTILE_NAME = "car <script>alert('name')</script> & \"co\"";
    static final String HOSTILE_CLIENT_ID = "client-h\"><img src=x onerror=alert(1)>";
    static final String ADMIN_PASSWORD = "hostile-admin-password-1";

    static HttpServer tesla;
    static ExporterProcess exporter;
    static Path work;
    static final AtomicBoolean tokenRequestOpen = new AtomicBoolean();
    static final AtomicInteger tokenRequests = new AtomicInteger();
    static final Map<String, AtomicInteger> dataCalls = new ConcurrentHashMap<>();
    /** The most 64 KiB blocks of the endless body any one answer got out before the exporter hung up. */
    static final AtomicInteger endlessBlocks = new AtomicInteger();
    static volatile boolean scrapeAnsweredDuringRefresh;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), "hostile"));
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Path token = work.resolve("token.json");
        long now = System.currentTimeMillis() / 1000;
        // expired access token: the first thing the exporter does is a refresh, which drips
        Files.writeString(token, "{\"access_token\":\"old\",\"refresh_token\":\"r1\",\"expires_at\":" + (now - 10)
                + ",\"created_at\":" + (now - 30000) + "}");

        tesla = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tesla.setExecutor(Executors.newCachedThreadPool());
        tesla.createContext("/oauth2/v3/token", HostileFleetIT::token);
        tesla.createContext("/api/1/vehicles", HostileFleetIT::api);
        tesla.start();
        String base = "http://127.0.0.1:" + tesla.getAddress().getPort();
        exporter = ExporterProcess.start("hostile", Integer.getInteger("launch.port", 18390), Map.ofEntries(
                Map.entry("TESLA_CLIENT_ID", HOSTILE_CLIENT_ID),
                Map.entry("ADMIN_PASSWORD", ADMIN_PASSWORD),
                Map.entry("TESLA_API_BASE", base),
                Map.entry("TESLA_TOKEN_BASE", base),
                Map.entry("TOKEN_FILE_PATH", token.toString()),
                Map.entry("POLL_INTERVAL_SECONDS", "2"),
                Map.entry("DRIVING_POLL_INTERVAL_SECONDS", "2"),
                Map.entry("SLEEP_POLL_INTERVAL_SECONDS", "2"),
                Map.entry("BACKOFF_MAX_SECONDS", Integer.toString(BACKOFF_MAX)),
                Map.entry("HTTP_READ_TIMEOUT_SECONDS", "2"),
                Map.entry("HTTP_TOTAL_TIMEOUT_SECONDS", "3")));
        // While the first (dripping) refresh is open, the exporter must answer scrapes.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && !scrapeAnsweredDuringRefresh) {
            if (tokenRequestOpen.get()) {
                String page = MetricsText.fetch(exporter.uri("/metrics?scope=application"));
                scrapeAnsweredDuringRefresh = tokenRequestOpen.get() && page.contains("tesla_exporter_auth_ok");
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (exporter != null) {
            exporter.close();
        }
        if (tesla != null) {
            tesla.stop(0);
        }
    }

    /** The first refresh drips a byte a second for 8 s (past the 3 s deadline); later ones answer at once. */
    static void token(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        String answer = "{\"access_token\":\"good\",\"refresh_token\":\"r" + (tokenRequests.get() + 2)
                + "\",\"expires_in\":28800,\"token_type\":\"Bearer\"}";
        if (tokenRequests.incrementAndGet() == 1) {
            tokenRequestOpen.set(true);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 8; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(1000);
                }
                out.write(answer.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | InterruptedException cutOff) {
                // the exporter hung up: what a total deadline does
            } finally {
                tokenRequestOpen.set(false);
            }
            return;
        }
        send(x, 200, "application/json", answer);
    }

    static void api(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (!"Bearer good".equals(x.getRequestHeaders().getFirst("Authorization"))) {
            send(x, 401, "application/json", "{\"error\":\"token expired (401)\"}");
            return;
        }
        if (path.equals("/api/1/vehicles")) {
            // served 3 a page whatever per_page asks for: the exporter must follow the pages to find every car
            String query = x.getRequestURI().getRawQuery();
            int page = Integer.parseInt(query == null ? "1" : QueryString.decode(query).getOrDefault("page", "1"));
            String[] vins = {GOOD, DRIP, ENDLESS, ABSURD, HTML, REDIRECT, LIMITED, FOREIGN_REGION};
            int size = 3;
            int pages = (vins.length + size - 1) / size;
            StringBuilder list = new StringBuilder("{\"response\":[");
            for (int i = (page - 1) * size; i >= 0 && i < Math.min(vins.length, page * size); i++) {
                list.append(i == (page - 1) * size ? "" : ",").append("{\"id\":").append(i).append(",\"vin\":\"").append(vins[i])
                        .append("\",\"display_name\":")
                        .append(vins[i].equals(HTML) ? jsonString(HOSTILE_NAME) : "\"car " + i + "\"").append(",\"state\":\"online\"}");
            }
            list.append("],\"pagination\":{\"current\":").append(page).append(",\"per_page\":").append(size)
                    .append(",\"next\":").append(page < pages ? Integer.toString(page + 1) : "null").append("}");
            send(x, 200, "application/json", list.append(",\"count\":").append(vins.length).append('}').toString());
            return;
        }
        String[] parts = path.split("/");     // /api/1/vehicles/{vin}[/vehicle_data]
        String vin = parts[4];
        if (parts.length == 5) {
            send(x, 200, "application/json", "{\"response\":{\"vin\":\"" + vin + "\",\"state\":\"online\"}}");
            return;
        }
        dataCalls.computeIfAbsent(vin, v -> new AtomicInteger()).incrementAndGet();
        switch (vin) {
            case DRIP -> {
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, 0);
                try (OutputStream out = x.getResponseBody()) {
                    for (int i = 0; i < 60; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(1000);
                    }
                    out.write(Fixtures.own("vehicle_data.driving.json").getBytes(StandardCharsets.UTF_8));
                } catch (IOException | InterruptedException cutOff) {
                    // cut off by the exporter's deadline
                }
            }
            case ENDLESS -> {
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, 0);
                byte[] block = new byte[64 * 1024];
                java.util.Arrays.fill(block, (byte) '7');
                int sent = 0;
                try (OutputStream out = x.getResponseBody()) {
                    out.write("{\"response\":{\"charge_state\":{\"battery_level\":".getBytes(StandardCharsets.UTF_8));
                    for (; sent < 16 * 1024; sent++) {      // up to 1 GiB, unless the exporter stops reading
                        out.write(block);
                    }
                } catch (IOException cutOff) {
                    // the exporter stopped reading at its cap (or its deadline)
                }
                endlessBlocks.accumulateAndGet(sent, Math::max);
            }
            case ABSURD -> send(x, 200, "application/json", """
                    {"response":{"charge_state":{"battery_level":55,"battery_range":1e308,"timestamp":1e300},
                     "drive_state":{"gps_as_of":1e300,"latitude":48.1,"longitude":11.5,"speed":"bad value","timestamp":1e300},
                     "vehicle_state":{"odometer":1e300,"timestamp":-5}}}""");
            case HTML -> send(x, 200, "text/html", "<html><body>Captive portal</body></html>");
            case REDIRECT -> {
                x.getResponseHeaders().set("Location", "https://elsewhere.example/steal");
                send(x, 302, "text/plain", "moved");
            }
            case LIMITED -> {
                x.getResponseHeaders().set("Retry-After", "999999999");
                send(x, 429, "text/plain", "Retry in 999999999 seconds");
            }
            case FOREIGN_REGION -> send(x, 421, "application/json",
                    "{\"error\":\"user out of region, use base URL: https://evil.tesla.com, see https://developer.tesla.com\"}");
            default -> send(x, 200, "application/json", Fixtures.own("vehicle_data.driving.json"));
        }
    }

    static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String vin(String vin) {
        return "vin=\"" + vin + "\"";
    }

    private static double errors(String t, String vin, String type) {
        return value(t, "tesla_exporter_poll_errors_total", vin(vin), "error_type=\"" + type + "\"").orElse(0.0);
    }

    /**
     * Security review round 2, item 2: 24 parallel scrapes with random query strings used to park every
     * request thread on a rendering that itself needed one, and /setup/signin took 28 s to answer (on the
     * old code this test timed out at 30 s).
     */
    @Test
    void aFloodOfRandomMetricsQueriesStallsNoOtherPage() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int flooders = 24;      // the review's reproduction: 24 parallel scrapes stalled every page for up to a minute
        var pool = Executors.newFixedThreadPool(flooders);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        long slowest = 0;
        try {
            for (int i = 0; i < flooders; i++) {
                int n = i;
                pool.execute(() -> {
                    java.util.Random random = new java.util.Random(n);
                    while (flooding.get()) {
                        String query = random.nextBoolean() ? "x=" + Long.toHexString(random.nextLong())
                                : "scope=application&name=tesla_" + Long.toHexString(random.nextLong());
                        try {
                            int status = http.send(HttpRequest.newBuilder(exporter.uri("/metrics?" + query))
                                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                            statuses.computeIfAbsent(query.startsWith("x=") ? -status : status, k -> new AtomicInteger()).incrementAndGet();
                        } catch (IOException | InterruptedException e) {
                            statuses.computeIfAbsent(0, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
            }
            Thread.sleep(1000);
            for (int round = 0; round < 10; round++) {
                for (String page : new String[] {"/setup/signin", "/health"}) {
                    long started = System.nanoTime();
                    int status = http.send(HttpRequest.newBuilder(exporter.uri(page)).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    slowest = Math.max(slowest, System.nanoTime() - started);
                    assertThat(status).as(page).isIn(200, 503);
                }
                Thread.sleep(200);
            }
        } finally {
            flooding.set(false);
            pool.shutdown();
            pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        System.out.println("HostileFleetIT flood: statuses " + statuses + ", slowest /setup/signin or /health "
                + Duration.ofNanos(slowest).toMillis() + " ms");
        // the old code took 28 s and more; the flood and this test share two cores with the exporter, so the bound
        // is generous (src/bench/query-flood.sh measures the one-second target at 200 connections)
        assertThat(Duration.ofNanos(slowest)).as("the pages answer while the flood goes on").isLessThan(Duration.ofSeconds(5));
        assertThat(statuses.keySet()).as("unknown parameters are 400; known ones rendered or refused at once")
                .contains(-400).allMatch(s -> s == -400 || s == 200 || s == 404 || s == 503);
        assertThat(MetricsText.fetch(exporter.uri("/metrics?scope=application"))).contains("tesla_exporter_auth_ok");
    }

    /**
     * Issue 16: the set-up page is a Facelets template that escapes every value. A car's name comes
     * from Tesla and a setting from the owner's file; markup in either is shown as text.
     */
    @Test
    void theSetUpPageShowsTeslasNamesAndTheOwnersSettingsAsText() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> signIn = browser.send(HttpRequest.newBuilder(exporter.uri("/setup/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("password=" + ADMIN_PASSWORD)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(signIn.statusCode()).as("sign-in").isEqualTo(303);
        String page = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !page.contains(HTML)) {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(exporter.uri("/setup")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).startsWith("default-src 'none'");
            page = r.body();
            Thread.sleep(500);
        }
        assertThat(page).as("the set-up page lists the HTML car").contains(HTML)
                .contains("car &lt;script&gt;alert(", "&lt;/script&gt; &amp; ")
                .contains("client-h\"&gt;&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<script", "<img");
    }

    @Test
    void aHangingTokenEndpointStallsNoScrapeAndTheLoginCarriesOn() throws Exception {
        assertThat(scrapeAnsweredDuringRefresh).as("a scrape answered while the token request was still open").isTrue();
        await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(60), "data after the second refresh",
                p -> value(p, "tesla_battery_level_percent", vin(GOOD)).isPresent());
        assertThat(Files.readString(work.resolve("accounts/default/token.json"))).contains("\"refresh_token\":\"r");
        assertThat(exporter.output()).doesNotContain("\"good\"", "Bearer good");
    }

    @Test
    void everyHostileAnswerIsCountedAsWhatItIsAndTheGoodCarIsReadAllAlong() throws Exception {
        String t = await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(90), "every kind of hostile answer counted",
                p -> errors(p, DRIP, "timeout") >= 2
                        && errors(p, ENDLESS, "malformed_response") + errors(p, ENDLESS, "timeout") >= 1
                        && errors(p, HTML, "malformed_response") >= 1 && errors(p, REDIRECT, "http_302") >= 1
                        && errors(p, LIMITED, "rate_limited") >= 1 && errors(p, FOREIGN_REGION, "wrong_region") >= 1
                        && value(p, "tesla_battery_level_percent", vin(ABSURD)).isPresent());
        // the drip is cut off at the deadline (3 s + at most one 2 s read), so the car's timer goes on
        int goodBefore = dataCalls.get(GOOD).get();
        int dripBefore = dataCalls.get(DRIP).get();
        await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(60), "the good car read on while the others misbehave",
                p -> dataCalls.get(GOOD).get() >= goodBefore + 5 && dataCalls.get(DRIP).get() >= dripBefore + 1);
        // the endless body stops at the 4 MiB cap (malformed_response) or, where parsing 4 MiB takes longer than
        // the 3 s deadline on a busy machine (seen in CI: the number token's buffer grows to 8 MiB), at the deadline
        // (timeout) - either way it is never read to its 1 GiB end and gives no value
        assertThat(endlessBlocks.get()).as("64 KiB blocks the exporter let the endless body send").isBetween(1, 1024);
        assertThat(value(t, "tesla_battery_level_percent", vin(ENDLESS))).isEmpty();
        // one absurd value is unknown; the rest of the snapshot stands
        assertThat(value(t, "tesla_battery_level_percent", vin(ABSURD))).contains(55.0);
        assertThat(value(t, "tesla_latitude", vin(ABSURD))).contains(48.1);
        assertThat(value(t, "tesla_battery_range_km", vin(ABSURD))).isEmpty();
        assertThat(value(t, "tesla_odometer_km", vin(ABSURD))).isEmpty();
        assertThat(errors(t, ABSURD, "internal")).isZero();
        // an HTML page with status 200 is an answer (billed), not a network failure
        assertThat(value(t, "tesla_fleet_api_requests_total", vin(HTML), "endpoint=\"vehicle_data\"", "status=\"200\""))
                .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(errors(t, HTML, "network")).isZero();
        // Retry-After 999999999 is capped at BACKOFF_MAX_SECONDS
        double until = value(t, "tesla_exporter_rate_limited_until_timestamp_seconds", vin(LIMITED)).orElseThrow();
        assertThat(until).isLessThanOrEqualTo(System.currentTimeMillis() / 1000.0 + BACKOFF_MAX + 5);
        // a 421 naming a foreign Tesla host is not followed, and not remembered
        assertThat(work.resolve("fleet-api-base-url")).doesNotExist();
        assertThat(value(t, "tesla_exporter_up")).contains(1.0);
        assertThat(MetricsText.fetch(exporter.uri("/health/live"))).contains("\"status\":\"UP\"");
        assertThat(exporter.output()).doesNotContain("OutOfMemoryError", "Expunging timer");
    }
}
