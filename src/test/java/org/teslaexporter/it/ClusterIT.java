package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.teslaexporter.InstalledTool;
import org.teslaexporter.TestPostgres;
import org.teslaexporter.auth.TokenFile;

/**
 * Three exporters on real Payara Micros forming a cluster over Payara's own Hazelcast (TCP/IP discovery on
 * 127.0.0.1, CP subsystem of three), against {@link AccountsTesla}: one account of 300 driving cars whose
 * refresh tokens are single use and whose access tokens make the account refresh every ~4 s. The login is
 * on one member's disk only; the others take it from the cluster. Every car is read by one member per
 * interval and served by exactly one; {@code kill -9} of a member: its cars are read by the others within
 * one interval plus the failure detection; it comes back and takes its share again; no refresh token is
 * ever sent twice, and every member's disk holds the newest pair at the end. The third member runs on a
 * host of its own where the machine allows it ({@link SplitHost}), and is cut off from the others for a
 * while ({@link #theMemberCutOffNeitherReadsNorRefreshesAndLosesNothing}). A Hazelcast member without
 * the secret cannot join.
 */
class ClusterIT {

    private static final int CARS = 300;
    private static final int INTERVAL_S = 10;
    /** Hazelcast's failure detection (docker/hazelcast.xml: 10 s without a heartbeat) and the hand-over tick. */
    private static final long DETECTION_MS = 10_000 + 2_000;
    private static final String SECRET = "cluster-it-secret-0123456789";
    private static final String PG = TestPostgres.URL;

    private final int httpBase = Integer.getInteger("launch.port", 18390) + 20;
    private final int hzBase = 5801 + (Integer.getInteger("launch.port", 18390) % 100);
    private final int brokerPort = hzBase + 20;

    private static List<String> vins() {
        return IntStream.range(0, CARS).mapToObj(i -> String.format("5YJ3E1EA1KF%06d", 200000 + i)).toList();
    }

    /** The third member's own host (a network namespace), where the machine allows one; null elsewhere. */
    private SplitHost split;
    /** With {@link #split}: what the third member reaches this machine's services through (Tesla, PostgreSQL, the broker). */
    private final Map<String, TcpRelay> relays = new HashMap<>();

    /** Where member {@code i}'s Hazelcast is reached: all on 127.0.0.1, but the third on its own host if it has one. */
    private String clusterAddress(int i) {
        return split == null ? "127.0.0.1" : i == 2 ? split.memberCluster() : split.hostCluster();
    }

    private String members() {
        return IntStream.range(0, 3).mapToObj(i -> clusterAddress(i) + ":" + (hzBase + i)).collect(Collectors.joining(","));
    }

    /** The third member on its own host: this machine's services through relays, its HTTP port on 127.0.0.1 like the others'. */
    private void relay(AccountsTesla tesla) throws Exception {
        if (split == null) {
            return;
        }
        URI fleet = URI.create(tesla.base());
        relays.put("tesla", new TcpRelay(split.hostServices(), 0, fleet.getHost(), fleet.getPort()));
        URI pg = URI.create(PG.substring("jdbc:".length()));
        relays.put("postgres", new TcpRelay(split.hostServices(), 0, pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort()));
        relays.put("broker", new TcpRelay(split.hostServices(), 0, "127.0.0.1", brokerPort));
        relays.put("http", new TcpRelay("127.0.0.1", httpBase + 2, split.memberServices(), httpBase + 2));
    }

    private ExporterProcess start(int i, Path dir, AccountsTesla tesla) throws Exception {
        boolean apart = split != null && i == 2;
        String fleetApi = apart ? "http://" + split.hostServices() + ":" + relays.get("tesla").port() : tesla.base();
        String pg = apart ? PG.replaceFirst("//[^/]+/", "//" + split.hostServices() + ":" + relays.get("postgres").port() + "/") : PG;
        String broker = apart ? split.hostServices() + ":" + relays.get("broker").port() : "127.0.0.1:" + brokerPort;
        return ExporterProcess.start("cluster-" + i, httpBase + i, Map.ofEntries(
                Map.entry("TESLA_CLIENT_ID", "client-cluster"),
                Map.entry("TESLA_CLIENT_SECRET", "cluster-client-secret"),
                Map.entry("TESLA_AUTH_BASE", fleetApi),
                // Tesla sends every login back to the second member, wherever it was started
                Map.entry("TESLA_REDIRECT_URI", "http://127.0.0.1:" + (httpBase + 1) + "/callback"),
                Map.entry("TESLA_API_BASE", fleetApi),
                Map.entry("TESLA_TOKEN_BASE", fleetApi),
                Map.entry("TOKEN_FILE_PATH", dir.resolve("token.json").toString()),
                Map.entry("POLL_INTERVAL_SECONDS", Integer.toString(INTERVAL_S)),
                Map.entry("DRIVING_POLL_INTERVAL_SECONDS", Integer.toString(INTERVAL_S)),
                Map.entry("HTTP_READ_TIMEOUT_SECONDS", "3"),
                Map.entry("HTTP_TOTAL_TIMEOUT_SECONDS", "3"),
                Map.entry("JOURNAL_JDBC_URL", pg + (pg.contains("?") ? "&" : "?") + "currentSchema=cluster_it"),
                Map.entry("JOURNAL_DB_USER", TestPostgres.USER),
                Map.entry("JOURNAL_DB_PASSWORD", TestPostgres.PASSWORD),
                Map.entry("CLUSTER_MEMBERS", members()),
                Map.entry("CLUSTER_PORT", Integer.toString(hzBase + i)),
                Map.entry("CLUSTER_ADDRESS", clusterAddress(i)),
                Map.entry("CLUSTER_SECRET", SECRET),
                Map.entry("MONTHLY_BUDGET_USD", "0"),     // 300 cars every 10 s would be far over any budget: no stretching
                Map.entry("TELEMETRY_MQTT_URL", "tcp://" + broker),
                Map.entry("JAVA_OPTS", "-Xmx200m")), apart ? split.exec() : List.of());
    }

    /**
     * Which member serves each car's series now. The members are asked one after the other, so a car handed
     * over between two answers shows on both: a car on two members is a failure only if it still is 3 s later
     * (the hand-over tick is 1 s), as a Prometheus scrape would see it.
     */
    private static Map<String, Integer> servedBy(List<ExporterProcess> members) throws InterruptedException {
        Map<String, List<Integer>> first = snapshot(members);
        if (first.values().stream().anyMatch(m -> m.size() > 1)) {
            Thread.sleep(3_000);
            Map<String, List<Integer>> again = snapshot(members);
            first.forEach((vin, on) -> {
                if (on.size() > 1) {
                    assertThat(again.getOrDefault(vin, List.of())).as("%s is served by one member only (was by %s)", vin, on).hasSizeLessThan(2);
                }
            });
            first = again;
        }
        Map<String, Integer> served = new HashMap<>();
        first.forEach((vin, on) -> served.put(vin, on.get(0)));
        return served;
    }

    /** The cars whose streamed alert BMS_w_LowSoc is active on the member that serves them. */
    private static java.util.Set<String> alerted(List<ExporterProcess> members) {
        java.util.Set<String> vins = new java.util.HashSet<>();
        for (ExporterProcess m : members) {
            if (m != null) {
                String page = MetricsText.fetch(m.uri("/metrics?scope=application&name=tesla_vehicle_alert_active"));
                page.lines().filter(l -> l.contains("name=\"BMS_w_LowSoc\"") && (l.endsWith(" 1.0") || l.endsWith(" 1")))
                        .map(l -> l.substring(l.indexOf("vin=\"") + 5, l.indexOf('"', l.indexOf("vin=\"") + 5))).forEach(vins::add);
            }
        }
        return vins;
    }

    private static Map<String, List<Integer>> snapshot(List<ExporterProcess> members) {
        Map<String, List<Integer>> served = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            ExporterProcess m = members.get(i);
            if (m == null) {
                continue;
            }
            String page = MetricsText.fetch(m.uri("/metrics?scope=application&name=tesla_battery_level_percent"));
            for (String line : page.split("\n")) {
                int at = line.indexOf("vin=\"");
                if (line.startsWith("tesla_battery_level_percent") && at > 0) {
                    String vin = line.substring(at + 5, line.indexOf('"', at + 5));
                    served.computeIfAbsent(vin, v -> new ArrayList<>()).add(i);
                }
            }
        }
        return served;
    }

    private static Map<String, Integer> awaitAllServed(List<ExporterProcess> members, Duration timeout, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Map<String, Integer> served = Map.of();
        while (System.currentTimeMillis() < deadline) {
            served = servedBy(members);
            if (served.keySet().containsAll(vins())) {       // the fleet's cars (the set-up page's test adds a guest's)
                return served;
            }
            Thread.sleep(500);
        }
        // why, for a run that cannot be looked at again (CI): what each member served, and the warnings it logged last
        StringBuilder why = new StringBuilder(what + ": " + served.size() + " of " + CARS + " cars served");
        for (int i = 0; i < members.size(); i++) {
            int member = i;
            why.append("\nmember ").append(i).append(": ").append(served.values().stream().filter(m -> m == member).count()).append(" cars");
            if (members.get(i) != null) {
                try {
                    List<String> warnings = members.get(i).output().lines().filter(l -> l.contains(" WARNING ") || l.contains(" SEVERE ")).toList();
                    warnings.subList(Math.max(0, warnings.size() - 8), warnings.size())
                            .forEach(l -> why.append("\n  ").append(l, 0, Math.min(l.length(), 300)));
                } catch (java.io.IOException e) {
                    why.append(" (no log: ").append(e.getMessage()).append(')');
                }
            }
        }
        throw new AssertionError(why.toString());
    }

    /** Reads of each car in [from, to), from Tesla's side. */
    private static Map<String, Integer> reads(AccountsTesla tesla, long from, long to) {
        Map<String, Integer> n = new HashMap<>();
        tesla.dataCalls.forEach((vin, calls) -> n.put(vin, (int) calls.stream().filter(t -> t >= from && t < to).count()));
        return n;
    }

    @Test
    void threeMembersShareTheCarsAndTheLoginThroughAKill() throws Exception {
        TestPostgres.freshSchema("cluster_it", "ClusterIT (a cluster needs the shared journal)");
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path dir = OneCarTesla.work("cluster-" + i);
            Files.delete(dir.resolve("token.json"));
            dirs.add(dir);
        }
        InstalledTool.require("/usr/sbin/mosquitto", "mosquitto");
        split = SplitHost.make(1 + Integer.getInteger("launch.port", 18390) % 200).orElse(null);
        try (AccountsTesla tesla = new AccountsTesla();
                Mosquitto broker = new Mosquitto(Path.of("/usr/sbin/mosquitto"), dirs.get(0), brokerPort);
                MqttClient cars = Mosquitto.publisher(brokerPort)) {
            relay(tesla);
            AccountsTesla.User fleet = tesla.add("fleet", vins().toArray(String[]::new));
            Files.writeString(dirs.get(0).resolve("token.json"), tesla.tokenFile(fleet, false));  // the login on one member's disk
            List<ExporterProcess> members = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    members.add(start(i, dirs.get(i), tesla));
                }
                Map<String, Integer> served = awaitAllServed(members, Duration.ofSeconds(180), "three members");
                for (int i = 0; i < 3; i++) {
                    int member = i;
                    assertThat(served.values().stream().filter(m -> m == member).count()).as("member %s's share", i)
                            .isBetween(50L, 150L);
                    String page = MetricsText.fetch(members.get(i).uri("/metrics?scope=application"));
                    assertThat(MetricsText.value(page, "tesla_exporter_cluster_members")).contains(3.0);
                    assertThat(MetricsText.value(page, "tesla_exporter_auth_ok", "account=\"default\"")).contains(1.0);
                }

                // steady: every car read, and never twice within an interval
                long from = System.currentTimeMillis();
                Thread.sleep(2 * INTERVAL_S * 1000L);
                long to = System.currentTimeMillis();
                Map<String, Integer> steady = reads(tesla, from, to);
                assertThat(steady.values()).as("each car read 2 (or 3 at the window's edges) times in two intervals").allMatch(n -> n >= 1 && n <= 3);
                tesla.dataCalls.forEach((vin, calls) -> assertThat(minimumGap(calls, from, to)).as("%s never read twice in one interval", vin)
                        .isGreaterThan(INTERVAL_S * 1000L / 2));

                // kill -9 of a member: its cars are read by the others within one interval plus detection
                ExporterProcess victim = members.get(2);
                List<String> itsCars = served.entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey).toList();
                int rotationsAtKill = fleet.rotations;
                victim.kill();
                long killedAt = System.currentTimeMillis();
                members.set(2, null);
                // an alert of each of its cars while the others do not know yet that it is gone: kept by them, not lost
                Thread.sleep(1_000);
                for (String vin : itsCars) {
                    Mosquitto.publish(cars, "telemetry/" + vin + "/alerts/BMS_w_LowSoc/current", "{\"StartedAt\":\"2026-12-01T12:00:00Z\"}");
                }
                Thread.sleep(INTERVAL_S * 1000L + DETECTION_MS - 1_000);
                long handedOver = System.currentTimeMillis();
                for (String vin : itsCars) {
                    List<Long> after = tesla.dataCalls.get(vin).stream().filter(t -> t > killedAt).toList();
                    assertThat(after).as("%s read again within one interval plus detection of the kill", vin).isNotEmpty();
                }
                awaitAllServed(members, Duration.ofSeconds(5), "two members after the kill");
                assertThat(alerted(members)).as("the alerts sent during the failure detection, on the cars' new readers")
                        .containsAll(itsCars);
                tesla.dataCalls.forEach((vin, calls) -> assertThat(minimumGap(calls, killedAt - INTERVAL_S * 1000L, handedOver))
                        .as("%s not read twice in one interval across the hand-over", vin).isGreaterThan(INTERVAL_S * 1000L / 2));

                // the member comes back, takes its share again, with the login from the cluster
                long restartedAt = System.currentTimeMillis();
                int rotationsAtRestart = fleet.rotations;
                members.set(2, start(2, dirs.get(2), tesla));
                MetricsText.await(members.get(2).uri("/metrics?scope=application"), Duration.ofSeconds(120), "the third member's share",
                        p -> MetricsText.value(p, "tesla_exporter_monitored_vehicles").orElse(0.0) >= 50);
                awaitAllServed(members, Duration.ofSeconds(20), "three members again");
                long together = System.currentTimeMillis();
                tesla.dataCalls.forEach((vin, calls) -> assertThat(minimumGap(calls, restartedAt - INTERVAL_S * 1000L, together))
                        .as("%s not read twice in one interval as the member came back", vin).isGreaterThan(INTERVAL_S * 1000L / 2));
                setUpPageWorksOnAnyMember(members, dirs, tesla);
                if (split != null) {
                    theMemberCutOffNeitherReadsNorRefreshesAndLosesNothing(members, tesla, fleet);
                }
                // a member that writes a new pair tells the others, which take it onto their disks within a second
                Thread.sleep(2_000);

                assertThat(rotationsAtRestart).as("the account refreshed while a member was dead or not yet known to be").isGreaterThan(rotationsAtKill);
                assertThat(fleet.rotations).as("and after it came back with its older file").isGreaterThan(rotationsAtRestart);
                assertThat(tesla.reused).as("no refresh token sent to Tesla twice, across the cluster and the kill").isEmpty();
                for (int i = 0; i < 3; i++) {
                    String onDisk = new TokenFile(dirs.get(i).resolve("accounts/default/token.json")).read().orElseThrow().refreshToken();
                    assertThat(List.of(fleet.refresh, previous(fleet))).as("member %s's disk holds the newest pair", i).contains(onDisk);
                    assertThat(members.get(i).output()).doesNotContain(SECRET, "-refresh-");
                }
                strangerCannotJoin(members);
            } finally {
                for (ExporterProcess m : members) {
                    if (m != null) {
                        m.close();
                    }
                }
            }
        } finally {
            for (TcpRelay r : relays.values()) {
                r.close();
            }
            if (split != null) {
                split.close();
            }
        }
    }

    /**
     * The third member's cluster network cut (its way to Tesla open, the harder case): within 3 s it can
     * no longer claim a read (the maps' split-brain protection), after the failure detection the other two
     * read its cars, it refreshes nothing and keeps its login; back on the network it merges, takes its
     * share again, and no car was read twice in one interval all along.
     */
    private void theMemberCutOffNeitherReadsNorRefreshesAndLosesNothing(List<ExporterProcess> members, AccountsTesla tesla,
            AccountsTesla.User fleet) throws Exception {
        List<String> itsCars = servedBy(members).entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey).toList();
        assertThat(itsCars).as("the third member's share before the split").hasSizeGreaterThan(30);
        int rotationsAtCut = fleet.rotations;
        long cutAt = System.currentTimeMillis();
        split.cut();
        Thread.sleep(INTERVAL_S * 1000L + DETECTION_MS);
        String apart = MetricsText.fetch(members.get(2).uri("/metrics?scope=application"));
        assertThat(MetricsText.value(apart, "tesla_exporter_cluster_members")).as("the member cut off sees itself alone").contains(1.0);
        assertThat(MetricsText.value(apart, "tesla_exporter_monitored_vehicles")).as("and reads no car").contains(0.0);
        assertThat(MetricsText.value(apart, "tesla_exporter_auth_ok", "account=\"default\"")).as("nor gives the login up").contains(1.0);
        awaitAllServed(members, Duration.ofSeconds(5), "two members during the split");
        for (String vin : itsCars) {
            // the member cut off may finish a read it claimed in its first 3 s; a read after that is the others'
            assertThat(tesla.dataCalls.get(vin).stream().filter(t -> t > cutAt + 7_000).toList())
                    .as("%s read by the others within one interval plus detection of the split", vin).isNotEmpty();
        }
        assertThat(fleet.rotations).as("the majority went on refreshing").isGreaterThan(rotationsAtCut);
        long healedAt = System.currentTimeMillis();
        split.heal();
        MetricsText.await(members.get(2).uri("/metrics?scope=application"), Duration.ofSeconds(90), "the member back after the split",
                p -> MetricsText.value(p, "tesla_exporter_cluster_members").orElse(0.0) == 3
                        && MetricsText.value(p, "tesla_exporter_monitored_vehicles").orElse(0.0) >= 30);
        awaitAllServed(members, Duration.ofSeconds(20), "three members after the split");
        long together = System.currentTimeMillis();
        tesla.dataCalls.forEach((vin, calls) -> assertThat(minimumGap(calls, cutAt - INTERVAL_S * 1000L, together))
                .as("%s not read twice in one interval across the split and the merge", vin).isGreaterThan(INTERVAL_S * 1000L / 2));
        System.err.printf("NOTICE: network split: %d cars of the member cut off; back and reading its share %.1f s after the cut healed%n",
                itsCars.size(), (together - healedAt) / 1e3);
    }

    /** A browser that keeps its cookies (the members share 127.0.0.1, so it brings them to every member) and follows no redirect. */
    private static final class Browser {
        final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

        java.net.http.HttpResponse<String> get(java.net.URI uri) throws Exception {
            return http.send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }

        java.net.http.HttpResponse<String> post(java.net.URI uri, String form) throws Exception {
            return http.send(java.net.http.HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }

        String csrf(ExporterProcess member) throws Exception {
            var page = get(member.uri("/setup"));
            assertThat(page.statusCode()).as("signed in on " + member.uri("/")).isEqualTo(200);
            var m = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(m.find()).isTrue();
            return m.group(1);
        }
    }

    /**
     * The set-up page on any member: signed in on one with another's set-up token, the same session on the
     * third; an invitation made on one, opened on another, its login started on the first and brought back by
     * Tesla to the second, the link used up everywhere; signed out on one, out everywhere.
     */
    private void setUpPageWorksOnAnyMember(List<ExporterProcess> members, List<Path> dirs, AccountsTesla tesla) throws Exception {
        Browser admin = new Browser();
        String secondsToken = Files.readString(dirs.get(1).resolve("setup-token")).strip();
        var signedIn = admin.post(members.get(0).uri("/setup/signin"), "password=" + secondsToken);
        assertThat(signedIn.statusCode()).as("member 0 accepts member 1's set-up token").isEqualTo(303);
        String csrf = admin.csrf(members.get(2));
        assertThat(admin.csrf(members.get(0))).as("one session, whichever member answers").isEqualTo(csrf);
        assertThat(admin.get(members.get(2).uri("/setup")).body()).contains("3 members: " + clusterAddress(2) + ":" + (hzBase + 2) + " (this one)");
        assertThat(new Browser().post(members.get(1).uri("/setup/signin"), "password=" + secondsToken.substring(1) + "0").statusCode())
                .as("a wrong token is still wrong").isEqualTo(403);

        String made = admin.post(members.get(1).uri("/setup/invite"), "csrf=" + csrf + "&name=Guest&hours=24").body();
        var link = java.util.regex.Pattern.compile("/invite/([A-Za-z0-9_-]{43})").matcher(made);
        assertThat(link.find()).as(made).isTrue();
        String secret = link.group(1);
        Browser guest = new Browser();
        assertThat(guest.get(members.get(2).uri("/invite/" + secret)).body()).as("the link opens on another member").contains("Guest");
        AccountsTesla.User driver = tesla.add("guest", "5YJ3E1EA1KF999999");
        tesla.nextLogin = driver;
        var started = guest.post(members.get(0).uri("/invite/start"), "invitation=" + secret);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
        var back = java.net.URI.create(guest.get(java.net.URI.create(started.headers().firstValue("Location").orElseThrow()))
                .headers().firstValue("Location").orElseThrow());
        assertThat(back.getPort()).as("Tesla sends the login back to member 1").isEqualTo(httpBase + 1);
        var connected = guest.get(back);
        assertThat(connected.body()).as("the login started on member 0 completes on member 1").contains("<h1>Connected</h1>");
        assertThat(tesla.badCodes).as("the PKCE verifier made on member 0 was known on member 1").isEmpty();
        assertThat(guest.get(members.get(2).uri("/invite/" + secret)).statusCode()).as("used up on every member").isEqualTo(410);
        assertThat(guest.get(back).statusCode()).as("the callback works once, cluster-wide").isEqualTo(400);
        MetricsText.await(members.get(0).uri("/metrics?scope=application&name=tesla_exporter_auth_ok"), Duration.ofSeconds(30),
                "the guest's account on every member", p -> p.contains("account_name=\"Guest\""));
        assertThat(admin.get(members.get(0).uri("/setup")).body()).contains("used: guest");

        // one app key pair: the first member's, taken by the two that started without one
        List<String> keys = new ArrayList<>();
        for (ExporterProcess m : members) {
            keys.add(admin.get(m.uri("/.well-known/appspecific/com.tesla.3p.public-key.pem")).body());
        }
        assertThat(keys.get(0)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(keys).as("every member serves the same public key").containsOnly(keys.get(0));
        for (Path dir : dirs) {
            assertThat(Files.readString(dir.resolve("public-key.pem"))).isEqualTo(keys.get(0));
        }

        admin.post(members.get(2).uri("/setup/signout"), "csrf=" + csrf);
        assertThat(admin.get(members.get(0).uri("/setup")).statusCode()).as("signed out everywhere").isEqualTo(302);
    }

    /** The pair just before the newest: a member may be one refresh (4 s) behind at the moment of the check. */
    private static String previous(AccountsTesla.User user) {
        return user.sub + "-refresh-" + (user.rotations - 1);
    }

    private static long minimumGap(List<Long> calls, long from, long to) {
        List<Long> in = calls.stream().filter(t -> t >= from && t < to).sorted().toList();
        long gap = Long.MAX_VALUE;
        for (int i = 1; i < in.size(); i++) {
            gap = Math.min(gap, in.get(i) - in.get(i - 1));
        }
        return gap;
    }

    /** A Hazelcast member that knows the addresses and the cluster's name but not the secret forms a cluster of its own. */
    private void strangerCannotJoin(List<ExporterProcess> members) throws Exception {
        List<HazelcastInstance> strangers = new ArrayList<>();
        try {
            int port = hzBase + 10;
            for (String name : List.of("tesla-exporter", "tesla-exporter-" + digest("tesla-exporter\nnot-the-secret-at-all"))) {
                Config config = new Config();
                config.setClusterName(name);
                config.setProperty("hazelcast.logging.type", "none");
                config.setProperty("hazelcast.phone.home.enabled", "false");
                config.getNetworkConfig().setPort(port++).setPortAutoIncrement(false);
                config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
                config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
                config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(members());
                strangers.add(Hazelcast.newHazelcastInstance(config));
            }
            Thread.sleep(3_000);
            for (HazelcastInstance stranger : strangers) {
                assertThat(stranger.getCluster().getMembers()).as("the stranger (%s) is alone", stranger.getConfig().getClusterName()).hasSize(1);
            }
            String page = MetricsText.fetch(members.get(0).uri("/metrics?scope=application&name=tesla_exporter_cluster_members"));
            assertThat(MetricsText.value(page, "tesla_exporter_cluster_members")).contains(3.0);
        } finally {
            strangers.forEach(HazelcastInstance::shutdown);
        }
    }

    private static String digest(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }
}
