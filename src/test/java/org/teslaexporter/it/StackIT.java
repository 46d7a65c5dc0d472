package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.teslaexporter.it.MetricsText.await;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.teslaexporter.InstalledTool;
import org.teslaexporter.QueryString;
import org.teslaexporter.stack.DashboardFile;

/**
 * The monitoring stack proven with the real tools: promtool on the configuration, the rules and
 * their unit tests; Debian's docker-compose on the Compose file; and a real Prometheus with the
 * project's configuration scraping the exporter in demo mode (started with the Docker image's JVM
 * options, checked by the image's health check), through which every query of every dashboard panel
 * and every rule runs. Panels must return data; every metric they and the rules name must be one
 * the exporter serves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackIT {

    private static final Path REPO = Path.of("").toAbsolutePath();

    static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + " said:\n" + out).isZero();
        return out;
    }

    @Test
    void promtoolAcceptsTheConfigurationTheRulesAndTheirUnitTests() throws Exception {
        InstalledTool.require("/usr/bin/promtool", "prometheus");
        Path dir = REPO.resolve("prometheus");
        assertThat(run(dir, Map.of(), "promtool", "check", "config", "prometheus.yml")).contains("SUCCESS");
        assertThat(run(dir, Map.of(), "promtool", "check", "rules", "tesla-rules.yml")).contains("SUCCESS");
        assertThat(run(dir, Map.of(), "promtool", "test", "rules", "tesla-rules.test.yml")).contains("SUCCESS");
    }

    @Test
    void dockerComposeAcceptsTheComposeFile() throws Exception {
        InstalledTool.require("/usr/bin/docker-compose", "docker-compose");
        // A copy of the layout with .env made from .env.example, so a user's own .env is never touched.
        Path root = Files.createTempDirectory("compose-check");
        Path docker = Files.createDirectories(root.resolve("docker"));
        Files.copy(REPO.resolve("docker/compose.yaml"), docker.resolve("compose.yaml"));
        Files.copy(REPO.resolve("docker/.env.example"), docker.resolve(".env"));
        Files.writeString(docker.resolve("grafana.env"), "GF_SECURITY_ADMIN_PASSWORD=stack-test-password\n");
        for (String linked : List.of("prometheus", "grafana", "src", "pom.xml", ".mvn")) {
            Files.createSymbolicLink(root.resolve(linked), REPO.resolve(linked));
        }
        Files.createSymbolicLink(docker.resolve("Dockerfile"), REPO.resolve("docker/Dockerfile"));
        for (String dir : List.of("alertmanager", "public", "streaming")) {
            Files.createSymbolicLink(docker.resolve(dir), REPO.resolve("docker").resolve(dir));
        }
        String all = run(docker, Map.of(), "docker-compose", "-f", "compose.yaml", "--profile", "public", "--profile", "streaming",
                "--profile", "journal", "--profile", "cluster", "config");
        assertThat(all).contains("retention.time=1y");
        Map<String, String> services = services(all);
        assertThat(services).containsOnlyKeys("tesla-exporter", "prometheus", "alertmanager", "grafana",
                "caddy", "mosquitto", "fleet-telemetry", "postgres", "tesla-exporter-2", "tesla-exporter-3");
        // the four of every stack start without a profile; the proxy and the streaming pair only when asked for
        for (String always : List.of("tesla-exporter", "prometheus", "alertmanager", "grafana")) {
            assertThat(services.get(always)).as(always).doesNotContain("profiles:");
        }
        assertThat(services.get("caddy")).contains("profiles:\n    - public\n");
        assertThat(services.get("mosquitto")).contains("profiles:\n    - streaming\n");
        assertThat(services.get("fleet-telemetry")).contains("profiles:\n    - streaming\n");
        // the journal's PostgreSQL: only with its profile, on the default network (the exporter, Grafana), not published
        assertThat(services.get("postgres")).contains("profiles:\n    - journal\n    - cluster\n").doesNotContain("ports:", "broker");
        // the cluster's other two members: only with its profile, never alone, each its own data, nothing published
        for (String member : List.of("tesla-exporter-2", "tesla-exporter-3")) {
            assertThat(services.get(member)).as(member).contains("profiles:\n    - cluster\n", "CLUSTER_REQUIRED: \"true\"",
                    "image: tesla-exporter:local", "- " + member.replace("tesla-exporter", "tesla-data") + ":/data")
                    .doesNotContain("ports:", "build:");
        }
        // as docker-compose reads it: the broker on the internal network alone, its two clients on both
        assertThat(services.get("mosquitto")).contains("networks:\n      broker: null\n").doesNotContain("default:");
        assertThat(services.get("tesla-exporter")).contains("broker: null", "default: null");
        assertThat(services.get("grafana")).doesNotContain("broker");
        assertThat(all).contains("  broker:\n    internal: true\n");
        // on the machine only, but for what must be reached from the internet: Caddy (80, 443) and the cars' telemetry (4443)
        Matcher local = Pattern.compile("(?m)^    - (\\S+):(\\d+):\\d+/tcp$").matcher(all);
        List<String> localPorts = new ArrayList<>();
        while (local.find()) {
            assertThat(local.group(1)).as("port " + local.group(2)).isEqualTo("127.0.0.1");
            localPorts.add(local.group(2));
        }
        assertThat(localPorts).containsExactlyInAnyOrder("9090", "9091", "9093", "3000");
        Matcher published = Pattern.compile("(?m)^    - published: (\\d+)$").matcher(all);
        List<String> publicPorts = new ArrayList<>();
        while (published.find()) {
            publicPorts.add(published.group(1));
        }
        assertThat(publicPorts).containsExactlyInAnyOrder("80", "443", "4443");
    }

    /** The services of a {@code docker-compose config} output: name → its block of lines. */
    private static Map<String, String> services(String config) {
        String after = ("\n" + config).split("\nservices:\n", 2)[1];
        Matcher top = Pattern.compile("(?m)^\\S").matcher(after);
        String section = top.find() ? after.substring(0, top.start()) : after;
        Map<String, String> services = new java.util.TreeMap<>();
        Matcher name = Pattern.compile("(?m)^  ([a-z][a-z0-9-]*):$").matcher(section);
        String current = null;
        int from = 0;
        while (name.find()) {
            if (current != null) {
                services.put(current, section.substring(from, name.start()));
            }
            current = name.group(1);
            from = name.end();
        }
        if (current != null) {
            services.put(current, section.substring(from));
        }
        return services;
    }

    /**
     * The stack's Alertmanager, started by its own entrypoint with Debian's binary: a test alert, as
     * {@code amtool alert add} would post it, reaches the webhook of ALERT_WEBHOOK_URL (the phone) with
     * ntfy's template parameters, and those templates, rendered over the JSON Alertmanager posted the way
     * ntfy renders them (Go's text/template, {@code src/test/ntfy/render.go}), give the phone the alert's
     * summary as the title and its description as the text.
     */
    @Test
    void aTestAlertReachesThePhoneAsNtfyShowsIt() throws Exception {
        InstalledTool.require("/usr/bin/prometheus-alertmanager", "prometheus-alertmanager");
        InstalledTool.require("/usr/bin/go", "golang-go");
        List<com.sun.net.httpserver.HttpExchange> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer phone = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        phone.createContext("/", x -> {
            bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(x);
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        phone.start();
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), "alertmanager"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process started = startAlertmanager(work, port, "http://127.0.0.1:" + phone.getAddress().getPort() + "/tesla-7f3k",
                Map.of("ALERT_WEBHOOK_FORMAT", "ntfy"));
        try {
            URI api = URI.create("http://127.0.0.1:" + port + "/");
            await(api.resolve("-/ready"), Duration.ofSeconds(30), "Alertmanager ready", p -> !p.isEmpty());
            String alert = "[{\"labels\":{\"alertname\":\"TeslaTestAlert\",\"severity\":\"critical\",\"vin\":\"V1\","
                    + "\"vehicle_name\":\"Blue\"},\"annotations\":{\"summary\":\"Blue: a test alert\","
                    + "\"description\":\"Blue reached the phone.\"}}]";
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(api.resolve("api/v2/alerts"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(alert)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            Instant deadline = Instant.now().plusSeconds(90);     // group_wait is 30 s
            while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(received).as("the phone's webhook was called").isNotEmpty();
            URI called = received.get(0).getRequestURI();
            assertThat(called.getPath()).isEqualTo("/tesla-7f3k");
            Map<String, String> query = QueryString.decode(called.getRawQuery());
            assertThat(query).containsEntry("tpl", "yes").containsKeys("t", "m");
            System.err.println("NOTICE: Alertmanager's webhook body: " + bodies.get(0).length() + " bytes for one alert");
            JsonArray shown = json("{\"r\":" + renderLikeNtfy(work, bodies.get(0), query.get("t"), query.get("m")) + "}").getJsonArray("r");
            assertThat(shown.getString(0)).as("the notification's title").isEqualTo("Blue: a test alert");
            assertThat(shown.getString(1)).as("the notification's text").isEqualTo("Blue reached the phone.");
        } finally {
            started.destroy();
            started.waitFor(10, TimeUnit.SECONDS);
            phone.stop(0);
        }
    }

    /** The templates rendered over the body as ntfy's server renders them; a JSON array of texts. */
    private static String renderLikeNtfy(Path work, String body, String... templates) throws Exception {
        List<String> command = new ArrayList<>(List.of("go", "run", REPO.resolve("src/test/ntfy/render.go").toString()));
        command.addAll(List.of(templates));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectError(work.resolve("go.log").toFile());
        pb.environment().put("GOCACHE", work.resolve("go-cache").toString());
        pb.environment().put("GO111MODULE", "off");
        Process go = pb.start();
        try (var in = go.getOutputStream()) {
            in.write(body.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(go.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(go.exitValue()).as("go run render.go: " + Files.readString(work.resolve("go.log"))).isZero();
        return out;
    }

    /**
     * The public profile's Caddy (Debian's, with the project's Caddyfile, plain HTTP on a local port
     * instead of the domain): only the public key, the callback and /setup (with its style sheet) reach the exporter.
     */
    @Test
    void thePublicProxyForwardsOnlyTheKeyTheCallbackAndTheSetUpPage() throws Exception {
        InstalledTool.require("/usr/bin/caddy", "caddy");
        com.sun.net.httpserver.HttpServer exporter = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/", x -> {
            byte[] body = ("exporter " + x.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        exporter.start();
        Path work = Path.of(System.getProperty("it.work", "target/it-work"), "caddy");
        try (PublicProxy caddy = PublicProxy.start(work, "127.0.0.1:" + exporter.getAddress().getPort())) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
            java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(caddy.uri(path)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    return null;
                }
            };
            for (String open : List.of("/.well-known/appspecific/com.tesla.3p.public-key.pem", "/callback?code=c&state=s", "/setup",
                    "/setup/signin", "/setup.css", "/invite/abc", "/invite/start")) {
                var r = get.apply(open);
                assertThat(r.statusCode()).as(open).isEqualTo(200);
                assertThat(r.body()).as(open).isEqualTo("exporter " + open);
            }
            for (String closed : List.of("/metrics", "/mp-metrics", "/health", "/health/live", "/", "/setupx", "/demo/api/1/vehicles",
                    "/.well-known/other", "/callback/../metrics", "/invitex", "/invite/../metrics")) {
                var r = get.apply(closed);
                assertThat(r.statusCode()).as(closed).isEqualTo(404);
                assertThat(r.body()).as(closed).doesNotContain("exporter");
            }
        } finally {
            exporter.stop(0);
        }
    }

    private static Process startAlertmanager(Path work, int port, String webhook, Map<String, String> env) throws Exception {
        // a fresh notification log each run: Alertmanager does not notify twice of the same alert within its repeat interval
        ProcessBuilder pb = new ProcessBuilder("sh", "docker/alertmanager/entrypoint.sh",
                "--storage.path=" + Files.createTempDirectory(work, "data-"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("alertmanager.log").toFile());
        pb.environment().put("ALERTMANAGER_BIN", "/usr/bin/prometheus-alertmanager");
        pb.environment().put("ALERTMANAGER_RENDERED", work.resolve("alertmanager.yml").toString());
        pb.environment().put("ALERT_WEBHOOK_URL", webhook);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The demo exporter and Prometheus scraping it, started before the other tests: the demo's first drive takes 95 s. */
    private static ExporterProcess demo;
    private static Process prometheus;
    private static URI prometheusApi;

    @BeforeAll
    static void startTheDemoAndPrometheus() throws Exception {
        if (!InstalledTool.usable("/usr/bin/prometheus", "prometheus")) {
            return;     // its test says so
        }
        int exporterPort = Integer.getInteger("launch.port", 18390);
        demo = ExporterProcess.start("stack", exporterPort, Map.of("TESLA_DEMO", "true", "ADMIN_PASSWORD", DEMO_PASSWORD));
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), "prometheus"));
        String config = Files.readString(REPO.resolve("prometheus/prometheus.yml"))
                .replace("tesla-exporter:9090", "127.0.0.1:" + exporterPort)
                .replace("60s", "2s").replace("scrape_timeout: 15s", "scrape_timeout: 2s");
        Files.writeString(work.resolve("prometheus.yml"), config);
        Files.copy(REPO.resolve("prometheus/tesla-rules.yml"), work.resolve("tesla-rules.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int promPort;
        try (ServerSocket s = new ServerSocket(0)) {
            promPort = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("prometheus-data");
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        prometheusApi = URI.create("http://127.0.0.1:" + promPort + "/api/v1/");
    }

    @AfterAll
    static void stopTheDemoAndPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }
        if (demo != null) {
            demo.close();
        }
    }

    /** Last: the demo has been running (and Prometheus scraping it) while the other tests ran. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aRealPrometheusRunsEveryDashboardQueryAndRuleAgainstTheExporter() throws Exception {
        InstalledTool.require("/usr/bin/prometheus", "prometheus");
        ExporterProcess exporter = demo;
        URI api = prometheusApi;
        await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(120), "demo data",
                p -> p.contains("tesla_battery_level_percent{"));
        // the image's health check, on the exporter as the image runs it
        run(REPO, Map.of("EXPORTER_PORT", Integer.toString(exporter.port)), "bash", "docker/healthcheck.sh");
        await(query(api, "count_over_time(tesla_battery_level_percent[1m])"), Duration.ofSeconds(90),
                "four scrapes with data", p -> p.contains("\"value\":[") && !p.contains("\"1\"]") && !p.contains("\"2\"]")
                        && !p.contains("\"3\"]"));
        await(URI.create(api + "rules"), Duration.ofSeconds(30), "the rules loaded", p -> p.contains("TeslaBatteryLow"));
        // the demo's first minutes: one car arrives at work and parks, the other ends its charge at home
        for (String journal : List.of("tesla_drives_total", "tesla_charge_cost_total", "tesla_parked_battery_lost_percent_total")) {
            // six scrapes (12 s): every 15 s window of the panels' range queries then holds two samples
            await(query(api, "count_over_time(" + journal + "[1m]) > 5"), Duration.ofSeconds(150), "six scrapes of " + journal,
                    p -> p.contains("\"value\":["));
        }
        assertThat(selector(api, "vin")).as("the vehicle selector: names shown, VINs filtered by")
                .containsExactlyInAnyOrderEntriesOf(Map.of("Demo Model 3", "5YJ3E7EB0NF000001", "Demo Model Y", "7SAYGDEF0PF000002"));
        assertThat(selector(api, "account")).as("the account selector above it: the demo's one account")
                .containsExactlyInAnyOrderEntriesOf(Map.of("Demo", "default"));
        checkDashboard(api);
        checkRules(api);
        theDemosSessionsAreOnTheJournalPage(exporter);
        checkMetricNames(MetricsText.fetch(exporter.uri("/metrics")));
    }

    static final String DEMO_PASSWORD = "stack-demo-admin-password";

    /** The demo's first sessions on the Trips and charges page, in a real Chromium, as an owner signs in and sees them. */
    private static void theDemosSessionsAreOnTheJournalPage(ExporterProcess exporter) throws Exception {
        org.openqa.selenium.WebDriver browser = Chromium.start();
        try {
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(exporter.uri("/setup/journal").toString());
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/setup/signin"));
            browser.findElement(org.openqa.selenium.By.id("password")).sendKeys(DEMO_PASSWORD);
            browser.findElement(org.openqa.selenium.By.id("signin")).click();
            // signed in once the sign-in page has gone (its own address holds "/setup" too, so that would be true at once)
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.not(
                    org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/setup/signin")));
            browser.get(exporter.uri("/setup/journal").toString());
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.titleContains("Trips and charges"));
            List<String> drives = browser.findElements(org.openqa.selenium.By.cssSelector("table.drives tr")).stream()
                    .map(org.openqa.selenium.WebElement::getText).toList();
            List<String> charges = browser.findElements(org.openqa.selenium.By.cssSelector("table.charges tr")).stream()
                    .map(org.openqa.selenium.WebElement::getText).toList();
            String page = browser.findElement(org.openqa.selenium.By.tagName("main")).getText();
            Files.write(Path.of(System.getProperty("it.work", "target/it-work"), "demo-journal.png"),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            assertThat(page).as(page).contains("Demo Model 3", "Demo Model Y");
            assertThat(drives).as("the Model 3 arrived at work: " + drives).anyMatch(r -> r.startsWith("home work") && r.contains("km"));
            assertThat(charges).as("the Model Y charged at home, priced: " + charges)
                    .anyMatch(r -> r.startsWith("home ") && r.contains("kWh") && r.contains("EUR"));
        } finally {
            browser.quit();
        }
    }

    private static URI query(URI api, String promql) {
        return URI.create(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private static URI queryRange(URI api, String promql) {
        long now = Instant.now().getEpochSecond();
        return URI.create(api + "query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + (now - 600) + "&end=" + now + "&step=2");
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** Grafana's variables as Grafana would fill them in for "All". */
    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "1h")
                .replace("$vin", ".*").replace("$account", ".*");
    }

    /**
     * A selector of the dashboard ({@code vin}, {@code account}) as Grafana fills it with the others at
     * "All": its query_result query on Prometheus, each result written as Grafana writes it
     * ({@code {label="value",…} value time}), then the variable's regex with its named text and value groups.
     */
    private static Map<String, String> selector(URI api, String name) throws Exception {
        JsonObject vin = DashboardFile.variable(DashboardFile.read(), name);
        String query = substitute(vin.getJsonObject("query").getString("query"));
        Matcher inner = Pattern.compile("^query_result\\((.*)\\)$").matcher(query);
        assertThat(inner.matches()).as(query).isTrue();
        Pattern selector = DashboardFile.regex(vin);
        Map<String, String> options = new java.util.TreeMap<>();
        JsonObject answer = json(MetricsText.fetch(query(api, inner.group(1))));
        for (JsonValue rv : answer.getJsonObject("data").getJsonArray("result")) {
            JsonObject labels = rv.asJsonObject().getJsonObject("metric");
            String line = labels.entrySet().stream().filter(e -> !e.getKey().equals("__name__"))
                    .map(e -> e.getKey() + "=\"" + ((jakarta.json.JsonString) e.getValue()).getString() + "\"")
                    .collect(java.util.stream.Collectors.joining(",", "{", "}")) + " 1 0";
            Matcher m = selector.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            options.put(m.group("text"), m.group("value"));
        }
        return options;
    }

    private void checkDashboard(URI api) throws Exception {
        List<String> empty = new ArrayList<>();
        int count = 0;
        List<JsonValue> panels = new ArrayList<>();
        for (Path file : DashboardFile.ALL) {
            panels.addAll(DashboardFile.read(file).getJsonArray("panels"));
        }
        for (JsonValue pv : panels) {
            JsonObject panel = pv.asJsonObject();
            if (!(panel.get("targets") instanceof JsonArray targets)) {
                continue;
            }
            for (JsonValue tv : targets) {
                JsonObject target = tv.asJsonObject();
                if (!target.containsKey("expr")) {
                    continue;       // the journal's SQL tables: TripsDashboardTest runs them on PostgreSQL
                }
                String expr = substitute(target.getString("expr"));
                boolean instant = target.getBoolean("instant", false);
                JsonObject answer = json(MetricsText.fetch(instant ? query(api, expr) : queryRange(api, expr)));
                assertThat(answer.getString("status", "")).as(panel.getString("title") + ": " + expr + " → " + answer).isEqualTo("success");
                if (answer.getJsonObject("data").getJsonArray("result").isEmpty()) {
                    empty.add(panel.getString("title") + ": " + expr);
                }
                count++;
            }
        }
        System.err.println("NOTICE: " + count + " dashboard queries ran on Prometheus; without data: " + empty.size());
        assertThat(empty).as("panel queries that returned no data").isEmpty();
        assertThat(count).isGreaterThan(55);
    }

    private void checkRules(URI api) {
        JsonObject rules = json(MetricsText.fetch(URI.create(api + "rules")));
        int count = 0;
        for (JsonValue group : rules.getJsonObject("data").getJsonArray("groups")) {
            for (JsonValue rv : group.asJsonObject().getJsonArray("rules")) {
                JsonObject rule = rv.asJsonObject();
                assertThat(rule.getString("health")).as(rule.getString("name")).isEqualTo("ok");
                JsonObject answer = json(MetricsText.fetch(query(api, rule.getString("query"))));
                assertThat(answer.getString("status", "")).as(rule.getString("name") + " → " + answer).isEqualTo("success");
                count++;
            }
        }
        assertThat(count).isEqualTo(23);
    }

    /** Every tesla_* name in the dashboard and the rules is served now, or documented as served in docs/metrics.md. */
    private void checkMetricNames(String exposition) throws Exception {
        Set<String> served = new TreeSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(exposition);
        while (type.find()) {
            served.add(type.group(1));
        }
        String readme = Files.readString(REPO.resolve("docs/metrics.md"));
        Set<String> used = new TreeSet<>();
        Pattern name = Pattern.compile("(?<![a-z_:])(tesla_[a-z0-9_]+)");
        for (String file : List.of("grafana/dashboards/tesla-overview.json", "grafana/dashboards/tesla-trips.json",
                "prometheus/tesla-rules.yml")) {
            Matcher m = name.matcher(Files.readString(REPO.resolve(file)));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        for (String metric : used) {
            assertThat(served.contains(metric) || readme.contains("`" + metric + "`") || readme.contains("`" + metric + "{"))
                    .as(metric + " is neither on /metrics nor in docs/metrics.md").isTrue();
        }
        assertThat(used.stream().filter(served::contains).count()).as("most names are live in the demo").isGreaterThan(used.size() * 3 / 4);
    }
}
