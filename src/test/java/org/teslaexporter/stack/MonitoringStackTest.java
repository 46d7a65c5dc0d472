package org.teslaexporter.stack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.teslaexporter.ReadmeTest;

/**
 * The structure of the Docker, Compose and Grafana files, checked without Docker or Grafana (neither
 * runs here): what Grafana 11 needs to load the dashboard, and that every file they name exists.
 * Prometheus and the queries are checked for real in {@code StackIT}.
 */
class MonitoringStackTest {

    /** Every panel, rows included, in the order of the file. */
    static List<JsonObject> panels(JsonObject dashboard) {
        List<JsonObject> all = new ArrayList<>();
        for (JsonValue v : dashboard.getJsonArray("panels")) {
            all.add(v.asJsonObject());
            if (v.asJsonObject().get("panels") instanceof JsonArray nested) {
                nested.forEach(n -> all.add(n.asJsonObject()));
            }
        }
        return all;
    }

    @Test
    void theDashboardLoadsInGrafana11() throws Exception {
        JsonObject d = DashboardFile.read();
        assertThat(d.getInt("schemaVersion")).isGreaterThanOrEqualTo(39);
        assertThat(d.getString("uid")).isEqualTo("tesla-overview");
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonObject p : panels(d)) {
            assertThat(ids.add(p.getInt("id"))).as("unique panel id " + p.getInt("id")).isTrue();
            JsonObject g = p.getJsonObject("gridPos");
            int[] box = {g.getInt("x"), g.getInt("y"), g.getInt("w"), g.getInt("h")};
            assertThat(box[0] + box[2]).as(p.getString("title") + " fits the 24 columns").isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertThat(overlap).as(p.getString("title") + " overlaps another panel").isFalse();
            }
            boxes.add(box);
        }
    }

    /** The data source every query names: the dashboard's own variable, never a uid of one installation. */
    static final String DATASOURCE = "${datasource}";

    @Test
    void everyQueryUsesTheDatasourceVariableAndDefinedVariables() throws Exception {
        JsonObject d = DashboardFile.read();
        // imported into any Grafana, the dashboard asks for a Prometheus data source (the default one first);
        // provisioned by the stack, that is ours, which is the default there
        JsonObject ds = d.getJsonObject("templating").getJsonArray("list").getJsonObject(0);
        assertThat(ds.getString("name")).isEqualTo("datasource");
        assertThat(ds.getString("type")).isEqualTo("datasource");
        assertThat(ds.getString("query")).isEqualTo("prometheus");
        assertThat(Files.readString(Path.of("grafana/provisioning/datasources/prometheus.yml"))).contains("isDefault: true");
        Matcher uids = Pattern.compile("\"uid\": \"([^\"]*)\"").matcher(Files.readString(DashboardFile.PATH));
        Set<String> named = new HashSet<>();
        while (uids.find()) {
            named.add(uids.group(1));
        }
        assertThat(named).as("uids in the dashboard: its own and the variable").containsExactlyInAnyOrder("tesla-overview", DATASOURCE);

        Set<String> variables = new HashSet<>();
        for (JsonValue v : d.getJsonObject("templating").getJsonArray("list")) {
            variables.add(v.asJsonObject().getString("name"));
            if (v.asJsonObject().getString("type").equals("query")) {
                assertThat(v.asJsonObject().getJsonObject("datasource").getString("uid")).isEqualTo(DATASOURCE);
            }
        }
        int queries = 0;
        for (JsonObject p : panels(d)) {
            if (p.getString("type").equals("row")) {
                continue;
            }
            assertThat(p.getJsonObject("datasource").getString("uid")).as(p.getString("title")).isEqualTo(DATASOURCE);
            for (JsonValue t : p.getJsonArray("targets")) {
                queries++;
                assertThat(t.asJsonObject().getJsonObject("datasource").getString("uid")).isEqualTo(DATASOURCE);
                Matcher var = Pattern.compile("\\$(\\w+)").matcher(t.asJsonObject().getString("expr"));
                while (var.find()) {
                    assertThat(variables).as("variable $" + var.group(1) + " in " + p.getString("title")).contains(var.group(1));
                }
            }
        }
        assertThat(queries).isGreaterThan(40);
    }

    /** The vehicle selector shows each car's name and filters by its VIN (Grafana's named text and value groups). */
    @Test
    void theVehicleSelectorShowsNamesAndFiltersByVin() throws Exception {
        JsonObject vin = DashboardFile.variable(DashboardFile.read(), "vin");
        assertThat(vin.getJsonObject("query").getString("query")).startsWith("query_result(").contains("vehicle_name");
        assertThat(vin.getBoolean("includeAll")).isTrue();
        assertThat(vin.getString("allValue")).isEqualTo(".*");
        assertThat(vin.getString("regex")).startsWith("/").endsWith("/").contains("(?<text>").contains("(?<value>");
        Pattern regex = DashboardFile.regex(vin);
        // a line as Grafana writes a query_result row (labels in Prometheus' sorted order)
        Matcher named = regex.matcher("{vehicle_name=\"Red Car\",vin=\"5YJ3E7EB0NF000001\"} 1 1795888140000");
        assertThat(named.find()).isTrue();
        assertThat(named.group("text")).isEqualTo("Red Car");
        assertThat(named.group("value")).isEqualTo("5YJ3E7EB0NF000001");
    }

    /** Above the vehicles, the accounts by the name the admin gave them; the vehicle list shows the chosen accounts' cars. */
    @Test
    void anAccountSelectorAboveTheVehicleSelector() throws Exception {
        for (JsonObject dashboard : List.of(DashboardFile.read(), DashboardFile.read(DashboardFile.TRIPS))) {
            List<String> names = dashboard.getJsonObject("templating").getJsonArray("list").stream()
                    .map(v -> v.asJsonObject().getString("name")).toList();
            assertThat(names.indexOf("account")).as("the account selector comes first").isBetween(0, names.indexOf("vin") - 1);
            JsonObject account = DashboardFile.variable(dashboard, "account");
            assertThat(account.getJsonObject("query").getString("query")).contains("tesla_account_vehicles");
            assertThat(account.getString("allValue")).as("All also matches series without the label (the earlier exporter's)")
                    .isEqualTo(".*");
            Matcher row = DashboardFile.regex(account).matcher("{account=\"3f2c9a10\",account_name=\"Anna's car\"} 2 1795888140000");
            assertThat(row.find()).isTrue();
            assertThat(row.group("text")).isEqualTo("Anna's car");
            assertThat(row.group("value")).isEqualTo("3f2c9a10");
            assertThat(DashboardFile.variable(dashboard, "vin").getJsonObject("query").getString("query"))
                    .contains("tesla_vehicle_state{account=~\"$account\"");
        }
    }


    @Test
    void aTrailMapPerSelectedCar() throws Exception {
        JsonObject trail = panels(DashboardFile.read()).stream().filter(p -> p.getString("title").startsWith("Trail")).findFirst().orElseThrow();
        assertThat(trail.getString("type")).isEqualTo("geomap");
        assertThat(trail.getString("repeat")).as("one map per car: the route layer draws the first frame only").isEqualTo("vin");
        assertThat(trail.getString("title")).contains("${vin:text}");
        JsonObject layer = trail.getJsonObject("options").getJsonArray("layers").getJsonObject(0);
        assertThat(layer.getString("type")).isEqualTo("route");
        JsonObject location = layer.getJsonObject("location");
        // over time (range queries), joined on time, renamed to the fields the layer reads
        assertThat(trail.getJsonArray("targets").stream().map(t -> t.asJsonObject().getString("expr")).toList())
                .containsExactly("tesla_latitude{vin=~\"$vin\"}", "tesla_longitude{vin=~\"$vin\"}");
        assertThat(trail.getJsonArray("targets").stream().allMatch(t -> t.asJsonObject().getBoolean("range"))).isTrue();
        JsonArray steps = trail.getJsonArray("transformations");
        assertThat(steps.getJsonObject(0).getJsonObject("options").getString("byField")).isEqualTo("Time");
        JsonObject renamed = steps.getJsonObject(1).getJsonObject("options").getJsonObject("renameByName");
        assertThat(renamed.getString("Value #A")).isEqualTo(location.getString("latitude"));
        assertThat(renamed.getString("Value #B")).isEqualTo(location.getString("longitude"));
    }

    @Test
    void theDashboardHasTheSectionsOwnersKnowAndMore() throws Exception {
        List<String> rows = panels(DashboardFile.read()).stream().filter(p -> p.getString("type").equals("row"))
                .map(p -> p.getString("title")).toList();
        assertThat(rows).containsExactly("Status", "Battery & Charging", "Climate", "Tyre Pressure", "Odometer & Drive",
                "Vehicle State", "Location", "Polling & sleep", "API calls & cost", "Exporter health", "Trends");
        // what owners look at over time: charge and range, charging sessions, distance and efficiency per day,
        // the drain while parked, the share of time asleep, and whether the car streams
        assertThat(panels(DashboardFile.read()).stream().map(p -> p.getString("title")).toList()).contains(
                "State of charge and range over time", "Charging sessions: energy added and power", "Distance per day",
                "Efficiency (lifetime average)", "Battery change per day (parked: vampire drain)", "Share of time asleep", "Streaming and polling");
        assertThat(panels(DashboardFile.read())).anyMatch(p -> p.getString("type").equals("geomap")
                && p.toString().contains("img/icons/marker/tesla-car.svg"));
    }

    @Test
    void everyFileTheDockerAndComposeFilesNameExists() throws Exception {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(?:--chown=\\S+ )?(.+) \\S+$").matcher(dockerfile);
        int sources = 0;
        while (copy.find()) {
            for (String source : copy.group(1).trim().split("\\s+")) {
                sources++;
                assertThat(Path.of(source)).as("COPY " + source + " (context: the repository root)").exists();
            }
        }
        assertThat(sources).isGreaterThanOrEqualTo(5);
        assertThat(dockerfile).contains("ARG PAYARA_IMAGE=payara/micro:" + payaraVersion() + "-jdk17", "FROM ${PAYARA_IMAGE}\n")
                .contains("ENTRYPOINT [\"bash\", \"/opt/payara/run-exporter.sh\"")
                .contains("HEALTHCHECK").contains("USER payara").contains("VOLUME /data")
                .as("bash for the scripts, whichever distribution the Payara image is built on")
                .contains("command -v bash").contains("apk add --no-cache bash").contains("apt-get install -y --no-install-recommends bash");

        // every file the launch script uses from its own folder is in the image beside it (hazelcast.xml once was not)
        Matcher beside = Pattern.compile("(?:\\$\\(dirname \"\\$0\"\\)|&& pwd\\))\"?/([\\w.-]+)").matcher(Files.readString(Path.of("docker/run-exporter.sh")));
        java.util.Set<String> neighbours = new java.util.TreeSet<>();
        while (beside.find()) {
            neighbours.add(beside.group(1));
        }
        assertThat(neighbours).contains("hazelcast.xml", "payara-preboot.asadmin");
        for (String neighbour : neighbours) {
            assertThat(dockerfile).as("the image carries " + neighbour + " beside run-exporter.sh")
                    .containsPattern("(?m)^COPY (?:--chown=\\S+ )?(?:\\S+ )*docker/" + Pattern.quote(neighbour) + " (?:\\S+ )*/opt/payara/$");
        }

        String compose = Files.readString(Path.of("docker/compose.yaml"));
        Matcher mount = Pattern.compile("- (\\.\\./[^:]+):").matcher(compose);
        int mounts = 0;
        while (mount.find()) {
            mounts++;
            assertThat(Path.of("docker").resolve(mount.group(1)).normalize()).as(mount.group(1)).exists();
        }
        assertThat(mounts).isEqualTo(4);
        Matcher local = Pattern.compile("- (\\./streaming[^:]*):").matcher(compose);
        int streamingMounts = 0;
        while (local.find()) {
            streamingMounts++;
            assertThat(Path.of("docker").resolve(local.group(1)).normalize()).as(local.group(1)).exists();
        }
        assertThat(streamingMounts).as("Mosquitto's config, entrypoint and fleet-telemetry's template, the certificates,"
                + " the chain (for each of the cluster's three members)").isEqualTo(7);
        // the exporter gets the chain alone, never the telemetry server's private key (it sends its CA file to Tesla)
        String exporter = compose.substring(compose.indexOf("  tesla-exporter:"), compose.indexOf("  prometheus:"));
        assertThat(exporter).contains("./streaming/ca:/certs:ro").doesNotContain("./streaming/certs");
        // the broker is on an internal network alone: Caddy and Grafana cannot reach it, nor anything outside
        String mosquitto = compose.substring(compose.indexOf("  mosquitto:"), compose.indexOf("  fleet-telemetry:"));
        assertThat(mosquitto).contains("networks: [broker]", "mosquitto-entrypoint.sh");
        assertThat(compose).contains("  broker:\n    internal: true\n");
        // nothing but Caddy can be given Caddy's address, which TRUSTED_PROXIES believes
        assertThat(compose).contains("subnet: 172.28.0.0/24\n          ip_range: 172.28.0.128/25", "ipv4_address: 172.28.0.10");
        // Prometheus holds the location history and has no login: nothing is published beyond this machine,
        // except the telemetry server the cars connect to (streaming profile only, mutual TLS)
        assertThat(compose).contains("\"127.0.0.1:9090:9090\"", "\"127.0.0.1:9091:9090\"", "\"127.0.0.1:3000:3000\"")
                .doesNotContainPattern("- \"(?!4443:4443|80:80|443:443)\\d+:\\d+\"");
        String caddy = compose.substring(compose.indexOf("  caddy:"));
        assertThat(caddy.substring(0, caddy.indexOf("restart:"))).contains("profiles: [public]", "\"80:80\"", "\"443:443\"");
        String caddyfile = Files.readString(Path.of("docker/public/Caddyfile"));
        assertThat(caddyfile).contains("respond \"Not found\" 404").doesNotContain("/metrics\n");
        String telemetryServer = compose.substring(compose.indexOf("  fleet-telemetry:"));
        assertThat(telemetryServer.substring(0, telemetryServer.indexOf("restart:"))).contains("profiles: [streaming]", "\"4443:4443\"");
        assertThat(compose.substring(compose.indexOf("  mosquitto:"), compose.indexOf("  fleet-telemetry:")))
                .as("the broker is not published").doesNotContain("ports:");
        assertThat(compose).contains("--storage.tsdb.retention.time=1y",
                "dockerfile: docker/Dockerfile", "env_file: .env");
    }

    /** The image: pinned base images, dependencies in their own layer, only what the build needs sent to Docker. */
    @Test
    void theImageBuildIsPinnedLayeredAndLean() throws Exception {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile);
        int bases = 0;
        while (from.find()) {
            bases++;
            assertThat(from.group(1)).as("a base named by a pinned ARG").matches("\\$\\{(BUILD|PAYARA)_IMAGE}");
        }
        assertThat(bases).isEqualTo(2);
        Matcher arg = Pattern.compile("(?m)^ARG (BUILD|PAYARA)_IMAGE=(\\S+)$").matcher(dockerfile);
        int args = 0;
        while (arg.find()) {
            args++;
            assertThat(arg.group(2)).as("pinned").matches("[a-z/]+:\\d+\\.\\d+\\.\\d+[-.\\w]*|payara/micro:\\d+\\.\\d+\\.\\d+-jdk17");
        }
        assertThat(args).isEqualTo(2);
        assertThat(dockerfile.indexOf("dependency:go-offline")).as("dependencies before the sources")
                .isPositive().isLessThan(dockerfile.indexOf("COPY src src"));
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains(".git", "target", "docker/.env", "docker/grafana.env");
    }

    /** Grafana needs a password of its own (not admin), which the exporter never receives; Prometheus waits for a healthy exporter. */
    @Test
    void grafanasPasswordIsRequiredAndKeptFromTheExporter() throws Exception {
        String compose = Files.readString(Path.of("docker/compose.yaml"));
        String grafana = compose.substring(compose.indexOf("\n  grafana:"));
        assertThat(grafana).contains("env_file: grafana.env", "= admin ]", "exit 78").doesNotContain("GF_SECURITY_ADMIN_PASSWORD:-admin");
        assertThat(Files.readString(Path.of("docker/.env.example"))).doesNotContain("GF_SECURITY_ADMIN_PASSWORD");
        assertThat(Files.readString(Path.of("docker/grafana.env.example"))).contains("GF_SECURITY_ADMIN_PASSWORD=\n");
        assertThat(compose).contains("condition: service_healthy");
    }

    /** Prometheus sends its alerts to the stack's Alertmanager, which routes them by severity to the phone. */
    @Test
    void alertsGoToAlertmanagerAndOnToThePhone() throws Exception {
        assertThat(Files.readString(Path.of("prometheus/prometheus.yml"))).contains("alerting:", "targets: [\"alertmanager:9093\"]");
        String compose = Files.readString(Path.of("docker/compose.yaml"));
        assertThat(compose).contains("image: prom/alertmanager:v", "\"127.0.0.1:9093:9093\"", "ALERT_WEBHOOK_URL: ${ALERT_WEBHOOK_URL:-}",
                "ALERT_WEBHOOK_FORMAT: ${ALERT_WEBHOOK_FORMAT:-auto}");
        String config = Files.readString(Path.of("docker/alertmanager/alertmanager.yml"));
        assertThat(config).contains("severity=\"critical\"", "severity=\"warning\"", "url: \"__ALERT_WEBHOOK_URL__\"",
                "send_resolved: true", "email_configs:");
        assertThat(Files.readString(Path.of("docker/.env.example"))).contains("\nALERT_WEBHOOK_URL=");
    }

    /** Every alert: a summary, a description, a runbook in docs/alerts.md, and promtool cases (firing and silent). */
    @Test
    void everyAlertHasItsTextsARunbookAndTests() throws Exception {
        String rules = Files.readString(Path.of("prometheus/tesla-rules.yml"));
        String tests = Files.readString(Path.of("prometheus/tesla-rules.test.yml"));
        String runbook = Files.readString(Path.of("docs/alerts.md"));
        String[] blocks = rules.split("\n      - alert: ");
        assertThat(blocks.length - 1).as("alerts").isEqualTo(17);
        for (int i = 1; i < blocks.length; i++) {
            String name = blocks[i].substring(0, blocks[i].indexOf('\n')).strip();
            String block = blocks[i].split("\n      - ")[0];
            assertThat(block).as(name).contains("summary: ", "description: ", "severity: ",
                    "runbook_url: \"docs/alerts.md#" + name.toLowerCase(java.util.Locale.ROOT) + "\"");
            assertThat(runbook).as(name + " in docs/alerts.md").contains("## " + name + "\n");
            assertThat(tests).as(name + " fires in a test").containsPattern("alertname: " + name + "\\n\\s+exp_alerts:\\n\\s+- exp_labels");
            assertThat(tests).as(name + " is silent in a test").containsPattern("alertname: " + name + "\\n\\s+exp_alerts: \\[\\]");
        }
    }

    @Test
    void envExampleListsEverySetting() throws Exception {
        String env = Files.readString(Path.of("docker/.env.example"));
        for (String name : ReadmeTest.settingNames()) {
            assertThat(env).as(name).containsPattern("(?m)^" + name + "=");
        }
    }

    static String payaraVersion() throws Exception {
        Matcher m = Pattern.compile("<payara.version>([^<]+)</payara.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
