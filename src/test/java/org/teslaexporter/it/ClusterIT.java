package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestPostgres;
import org.teslaexporter.auth.TokenFile;

/**
 * Three exporters on real Payara Micros forming a cluster over Payara's own Hazelcast (TCP/IP discovery on
 * 127.0.0.1, CP subsystem of three), against {@link AccountsTesla}: one account of 300 driving cars whose
 * refresh tokens are single use and whose access tokens make the account refresh every ~4 s. The login is
 * on one member's disk only; the others take it from the cluster. Every car is read by one member per
 * interval and served by exactly one; {@code kill -9} of a member: its cars are read by the others within
 * one interval plus the failure detection; it comes back and takes its share again; no refresh token is
 * ever sent twice, and every member's disk holds the newest pair at the end. A Hazelcast member without
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

    private static List<String> vins() {
        return IntStream.range(0, CARS).mapToObj(i -> String.format("5YJ3E1EA1KF%06d", 200000 + i)).toList();
    }

    private String members() {
        return IntStream.range(0, 3).mapToObj(i -> "127.0.0.1:" + (hzBase + i)).collect(Collectors.joining(","));
    }

    private ExporterProcess start(int i, Path dir, AccountsTesla tesla) throws Exception {
        return ExporterProcess.start("cluster-" + i, httpBase + i, Map.ofEntries(
                Map.entry("TESLA_CLIENT_ID", "client-cluster"),
                Map.entry("TESLA_API_BASE", tesla.base()),
                Map.entry("TESLA_TOKEN_BASE", tesla.base()),
                Map.entry("TOKEN_FILE_PATH", dir.resolve("token.json").toString()),
                Map.entry("POLL_INTERVAL_SECONDS", Integer.toString(INTERVAL_S)),
                Map.entry("DRIVING_POLL_INTERVAL_SECONDS", Integer.toString(INTERVAL_S)),
                Map.entry("HTTP_READ_TIMEOUT_SECONDS", "3"),
                Map.entry("HTTP_TOTAL_TIMEOUT_SECONDS", "3"),
                Map.entry("JOURNAL_JDBC_URL", PG + (PG.contains("?") ? "&" : "?") + "currentSchema=cluster_it"),
                Map.entry("JOURNAL_DB_USER", TestPostgres.USER),
                Map.entry("JOURNAL_DB_PASSWORD", TestPostgres.PASSWORD),
                Map.entry("CLUSTER_MEMBERS", members()),
                Map.entry("CLUSTER_PORT", Integer.toString(hzBase + i)),
                Map.entry("CLUSTER_ADDRESS", "127.0.0.1"),
                Map.entry("CLUSTER_SECRET", SECRET),
                Map.entry("MONTHLY_BUDGET_USD", "0"),     // 300 cars every 10 s would be far over any budget: no stretching
                Map.entry("JAVA_OPTS", "-Xmx200m")));
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
            if (served.size() == CARS) {
                return served;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + ": " + served.size() + " of " + CARS + " cars served");
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
        try (AccountsTesla tesla = new AccountsTesla()) {
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
                Thread.sleep(INTERVAL_S * 1000L);
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
                victim.kill();
                long killedAt = System.currentTimeMillis();
                members.set(2, null);
                Thread.sleep(INTERVAL_S * 1000L + DETECTION_MS);
                long handedOver = System.currentTimeMillis();
                for (String vin : itsCars) {
                    List<Long> after = tesla.dataCalls.get(vin).stream().filter(t -> t > killedAt).toList();
                    assertThat(after).as("%s read again within one interval plus detection of the kill", vin).isNotEmpty();
                }
                awaitAllServed(members, Duration.ofSeconds(5), "two members after the kill");
                tesla.dataCalls.forEach((vin, calls) -> assertThat(minimumGap(calls, killedAt - INTERVAL_S * 1000L, handedOver))
                        .as("%s not read twice in one interval across the hand-over", vin).isGreaterThan(INTERVAL_S * 1000L / 2));

                // the member comes back, takes its share again, with the login from the cluster
                members.set(2, start(2, dirs.get(2), tesla));
                MetricsText.await(members.get(2).uri("/metrics?scope=application"), Duration.ofSeconds(120), "the third member's share",
                        p -> MetricsText.value(p, "tesla_exporter_monitored_vehicles").orElse(0.0) >= 50);
                awaitAllServed(members, Duration.ofSeconds(20), "three members again");
                Thread.sleep(20_000);      // the members compare their pairs with the cluster's every 15 s

                assertThat(fleet.rotations).as("the account refreshed all along").isGreaterThan(10);
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
        }
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
        for (String name : List.of("tesla-exporter", "tesla-exporter-" + digest("tesla-exporter\nnot-the-secret-at-all"))) {
            Config config = new Config();
            config.setClusterName(name);
            config.setProperty("hazelcast.logging.type", "none");
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.getNetworkConfig().setPort(hzBase + 10).setPortAutoIncrement(false);
            config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
            config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
            config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(members());
            HazelcastInstance stranger = Hazelcast.newHazelcastInstance(config);
            try {
                Thread.sleep(3_000);
                assertThat(stranger.getCluster().getMembers()).as("the stranger (%s) is alone", name).hasSize(1);
                String page = MetricsText.fetch(members.get(0).uri("/metrics?scope=application&name=tesla_exporter_cluster_members"));
                assertThat(MetricsText.value(page, "tesla_exporter_cluster_members")).contains(3.0);
            } finally {
                stranger.shutdown();
            }
        }
    }

    private static String digest(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }
}
