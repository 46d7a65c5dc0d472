package org.teslaexporter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.auth.LoginStates;
import org.teslaexporter.config.ClusterSettings;
import org.teslaexporter.config.Secret;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

/**
 * Three real Hazelcast 5.3.8 members in this JVM (the version inside Payara Micro), CP subsystem of three,
 * as docker/hazelcast.xml sets it: each key has one owner, the guarded value is held by one member at a
 * time and sealed, and three members' logins of one account, all due for a refresh at once, send each
 * refresh token to the token endpoint once.
 */
class HazelcastClusterTest {

    private static final String SECRET = "unit-test-secret-0123456789";
    private static final ClusterSettings SETTINGS = new ClusterSettings(List.of("a", "b", "c"), null, 3, new Secret(SECRET));
    private static final List<HazelcastInstance> MEMBERS = new ArrayList<>();
    private static final List<Cluster> CLUSTERS = new ArrayList<>();

    /** One member of a test cluster on 127.0.0.1: TCP/IP discovery of {@code list}, quiet; the CP subsystem is the caller's. */
    static Config member(String cluster, int port, String list) {
        Config config = new Config();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(list);
        return config;
    }

    @BeforeAll
    static void formCluster() {
        int base = 16_100 + (int) (ProcessHandle.current().pid() % 500) * 3;
        String list = IntStream.range(0, 3).mapToObj(i -> "127.0.0.1:" + (base + i)).reduce((a, b) -> a + "," + b).orElseThrow();
        List<Thread> starting = new ArrayList<>();
        List<HazelcastInstance> started = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            Config config = member("unit-" + base, base + i, list);
            config.getCPSubsystemConfig().setCPMemberCount(3).setSessionTimeToLiveSeconds(10).setSessionHeartbeatIntervalSeconds(1)
                    .setMissingCPMemberAutoRemovalSeconds(30);
            Thread t = new Thread(() -> started.add(Hazelcast.newHazelcastInstance(config)));
            t.start();
            starting.add(t);
        }
        starting.forEach(t -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        MEMBERS.addAll(started);
        MEMBERS.forEach(m -> CLUSTERS.add(ClusterProducer.over(m, SETTINGS)));
        long deadline = System.currentTimeMillis() + 30_000;     // the partition table is laid out once the members are there
        while (!MEMBERS.get(0).getPartitionService().isClusterSafe() && System.currentTimeMillis() < deadline) {
            sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        MEMBERS.forEach(m -> m.getLifecycleService().terminate());     // no graceful hand-over: the test is over
    }

    @Test
    void everyCarHasExactlyOneOwnerAndTheOwnerReadsItsPlanLocally() {
        assertThat(CLUSTERS).allMatch(Cluster::quorate).allMatch(c -> c.members().size() == 3);
        Map<Integer, Integer> shares = new ConcurrentHashMap<>();
        for (int car = 0; car < 300; car++) {
            String vin = String.format("5YJ3E1EA1KF%06d", car);
            List<Integer> owners = IntStream.range(0, 3).filter(i -> CLUSTERS.get(i).owns(vin)).boxed().toList();
            assertThat(owners).as(vin).hasSize(1);
            shares.merge(owners.get(0), 1, Integer::sum);
        }
        assertThat(shares.values()).as("each member's share of 300 cars").allMatch(n -> n > 50);
        assertThat(CLUSTERS.get(0).map("plans").put("5YJ3E1EA1KF000001", "{}")).isTrue();
        assertThat(CLUSTERS.get(2).map("plans").get("5YJ3E1EA1KF000001")).contains("{}");
        assertThat(CLUSTERS.get(1).members().get(0)).as("itself first").isEqualTo(address(MEMBERS.get(1)));
    }

    @Test
    void theGuardedValueIsHeldByOneMemberAtATimeAndSealed() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Guarded guarded = CLUSTERS.get(i).guarded("serial").orElseThrow();
            int member = i;
            Thread t = new Thread(() -> {
                for (int n = 0; n < 5; n++) {
                    guarded.withLock(Duration.ofSeconds(20), now -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        sleep(20);
                        inside.decrementAndGet();
                        int count = now.value().map(Integer::parseInt).orElse(0);
                        now.write(Integer.toString(count + 1));
                        return member;
                    });
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        assertThat(most.get()).as("never two holders").isEqualTo(1);
        assertThat(CLUSTERS.get(1).guarded("serial").orElseThrow().read()).as("no write lost").contains("15");
        String raw = MEMBERS.get(0).getCPSubsystem().<String>getAtomicReference("tesla-exporter.tokens.serial").get();
        // (not "does not contain 15": a random ciphertext may well hold those two characters)
        assertThat(raw).as("sealed, not in the clear").isNotEqualTo("15").hasSizeGreaterThan(20);
        assertThat(new Seal(SECRET).open(raw)).as("opened with the secret").isEqualTo("15");
        assertThatThrownBy(() -> new Seal("another-secret-0123456789").open(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLoginStartedOnOneMemberIsCompletedOnAnotherOnceAndItsVerifierNeverTravelsInTheClear() throws Exception {
        java.time.Clock clock = java.time.Clock.systemUTC();
        List<LoginStates> members = CLUSTERS.stream().map(c -> new LoginStates(clock, Duration.ofMinutes(10), c)).toList();
        LoginStates.Started started = members.get(0).issue().orElseThrow();
        assertThat(members.get(1).consume(started.state(), "another browser").verdict())
                .as("the binding is checked on any member").isEqualTo(LoginStates.Verdict.OTHER_BROWSER);
        // two callbacks with the right binding at once, on two members: one is valid, the other told it came twice
        List<LoginStates.Verdict> verdicts = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callbacks = new ArrayList<>();
        for (int i = 1; i < 3; i++) {
            LoginStates member = members.get(i);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                LoginStates.Checked checked = member.consume(started.state(), started.binding());
                verdicts.add(checked.verdict());
                if (checked.verdict() == LoginStates.Verdict.VALID) {
                    assertThat(LoginStates.sha256(checked.codeVerifier())).isEqualTo(started.codeChallenge());
                }
            });
            t.start();
            callbacks.add(t);
        }
        go.countDown();
        for (Thread t : callbacks) {
            t.join();
        }
        assertThat(verdicts).containsExactlyInAnyOrder(LoginStates.Verdict.VALID, LoginStates.Verdict.REUSED);
        assertThat(members.get(0).consume(started.state(), started.binding()).verdict()).isEqualTo(LoginStates.Verdict.REUSED);
        // what travels between the members is sealed: no state's verifier or binding digest is readable there
        LoginStates.Started another = members.get(2).issue().orElseThrow();
        Object raw = MEMBERS.get(0).getMap("tesla-exporter.login-states").get(another.state());
        assertThat(raw).isInstanceOf(String.class);
        assertThat((String) raw).doesNotContain(LoginStates.sha256(another.binding())).doesNotContain(" ");
        assertThat(CLUSTERS.get(0).sealedMap("login-states").get(another.state()).orElseThrow())
                .contains(LoginStates.sha256(another.binding()));
    }

    @Test
    void aSharedValueIsTakenByOneMemberAndSwappedOnlyFromWhatItHolds() {
        SharedMap one = CLUSTERS.get(0).sealedMap("swap");
        SharedMap two = CLUSTERS.get(1).sealedMap("swap");
        assertThat(one.replace("link", null, "open")).as("set where nothing was").isTrue();
        assertThat(two.replace("link", null, "open")).as("something is there now").isFalse();
        assertThat(two.replace("link", "used", "open")).isFalse();
        assertThat(two.replace("link", "open", "used")).isTrue();
        assertThat(one.replace("link", "open", "used by me too")).as("a second claim from the old value fails").isFalse();
        assertThat(one.get("link")).contains("used");
        assertThat(one.take("link")).contains("used");
        assertThat(two.take("link")).isEmpty();
        assertThat(two.put("session", "csrf", Duration.ofSeconds(1))).isTrue();
        assertThat(one.get("session")).contains("csrf");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (one.get("session").isPresent() && System.nanoTime() < deadline) {
            sleep(200);
        }
        assertThat(one.get("session")).as("gone after its idle time").isEmpty();
    }

    @Test
    void aMemberWhosePairAnotherMemberRefreshedTakesTheNewOneAndNeverSendsItsSpentOne(@TempDir Path dir) throws Exception {
        SingleUseEndpoint tesla = new SingleUseEndpoint(50);
        Settings settings = SettingsReader.read(name -> Optional.ofNullable(Map.of("TESLA_CLIENT_ID", "client",
                "HTTP_TOTAL_TIMEOUT_SECONDS", "20").get(name)));
        long now = System.currentTimeMillis() / 1000;
        List<AccessTokens> logins = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path file = SingleUseEndpoint.firstPair(dir, i, 20000, 8000);
            logins.add(AccessTokens.of(settings, file, tesla, "family", CLUSTERS.get(i).guarded("second-" + now).orElseThrow()));
        }
        AccessTokens a = logins.get(0);
        AccessTokens b = logins.get(1);
        assertThat(a.bearer()).contains("Bearer access-0");     // each loads its file
        assertThat(b.bearer()).contains("Bearer access-0");
        for (int i = 0; i < 2; i++) {       // the CP lock and value made, and each member's CP session
            CLUSTERS.get(i).guarded("second-" + now).orElseThrow().withLock(Duration.ofSeconds(20), v -> true);
        }
        assertThat(a.refreshAfterRejection("Bearer access-0")).contains("Bearer access-1");
        assertThat(b.refreshAfterRejection("Bearer access-0")).as("taken from the cluster").contains("Bearer access-1");
        assertThat(b.refreshAfterRejection("Bearer access-1")).contains("Bearer access-2");
        // A still holds refresh-1, spent by B a moment ago: A takes B's pair instead of sending it
        assertThat(a.refreshAfterRejection("Bearer access-1")).contains("Bearer access-2");
        assertThat(tesla.reused).as("no refresh token sent twice").isEmpty();
        assertThat(tesla.issued.get()).isEqualTo(2);
        logins.forEach(AccessTokens::close);
    }

    @Test
    void aNewValueIsToldToTheOtherMembersWatchingItNotToItsWriter(@TempDir Path dir) throws Exception {
        String name = "watched-" + System.nanoTime();
        List<String> told = new CopyOnWriteArrayList<>();
        List<Guarded.Watch> watches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int member = i;
            watches.add(CLUSTERS.get(i).guarded(name).orElseThrow().watch(() -> told.add("member " + member)));
        }
        CLUSTERS.get(2).guarded("another-" + name).orElseThrow().watch(() -> told.add("a watcher of another value"));
        watches.get(1).stop();
        CLUSTERS.get(0).guarded(name).orElseThrow().withLock(Duration.ofSeconds(20), v -> {
            v.write("new");
            return true;
        });
        CLUSTERS.get(0).guarded(name).orElseThrow().withLock(Duration.ofSeconds(20), v -> true);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (told.isEmpty() && System.nanoTime() < deadline) {
            sleep(20);
        }
        sleep(500);     // what else would come
        assertThat(told).as("only the other member still watching, once: a lock without a write tells nobody").containsExactly("member 2");

        // an account's login: a pair refreshed on one member is on the other's disk within a second, nothing asked of it
        SingleUseEndpoint tesla = new SingleUseEndpoint(50);
        Settings settings = SettingsReader.read(key -> Optional.ofNullable(Map.of("TESLA_CLIENT_ID", "client",
                "HTTP_TOTAL_TIMEOUT_SECONDS", "20").get(key)));
        List<AccessTokens> logins = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path file = SingleUseEndpoint.firstPair(dir, i, 20000, 8000);
            files.add(file);
            logins.add(AccessTokens.of(settings, file, tesla, "told", CLUSTERS.get(i).guarded("told-" + name).orElseThrow()));
        }
        assertThat(logins).allMatch(login -> login.bearer().equals(Optional.of("Bearer access-0")), "each loads its file");
        assertThat(logins.get(0).refreshAfterRejection("Bearer access-0")).contains("Bearer access-1");
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.readString(files.get(1)).contains("refresh-1") && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(Files.readString(files.get(1))).as("the other member's disk").contains("\"refresh-1\"");
        assertThat(logins.get(1).bearer()).as("and in use there").contains("Bearer access-1");
        assertThat(tesla.reused).isEmpty();
        logins.forEach(AccessTokens::close);
    }

    /**
     * A member back after a network split was told nothing of the values written while it was cut off (the
     * notices went out on a topic, which keeps none): it compares every value it watches again, at once. Without
     * that, its disk kept the pair of before the split until the next refresh (ClusterIT once found it so).
     */
    @Test
    void aMemberBackAfterANetworkSplitComparesEveryValueItWatchesAgain() throws Exception {
        String name = "merged-" + System.nanoTime();
        List<String> told = new CopyOnWriteArrayList<>();
        List<Guarded.Watch> watches = new ArrayList<>();
        for (int i = 1; i < 3; i++) {
            int member = i;
            watches.add(CLUSTERS.get(i).guarded(name).orElseThrow().watch(() -> told.add("member " + member)));
            watches.add(CLUSTERS.get(i).guarded("other-" + name).orElseThrow().watch(() -> told.add("member " + member + ", other")));
        }
        // as Hazelcast tells a member that has merged back into the cluster
        ((com.hazelcast.instance.impl.LifecycleServiceImpl) MEMBERS.get(1).getLifecycleService())
                .fireLifecycleEvent(com.hazelcast.core.LifecycleEvent.LifecycleState.MERGED);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (told.size() < 2 && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(told).as("every value the merged member watches, and only there").containsExactlyInAnyOrder("member 1", "member 1, other");
        watches.forEach(Guarded.Watch::stop);
    }

    @Test
    void threeMembersDueForARefreshAtOnceSendTheRefreshTokenOnce(@TempDir Path dir) throws Exception {
        SingleUseEndpoint tesla = new SingleUseEndpoint(50);
        Settings settings = SettingsReader.read(name -> Optional.ofNullable(Map.of("TESLA_CLIENT_ID", "client",
                "HTTP_TOTAL_TIMEOUT_SECONDS", "20").get(name)));
        long now = System.currentTimeMillis() / 1000;
        List<AccessTokens> logins = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // every member's disk holds the same pair, its access token about to expire: all three want to refresh
            Path file = SingleUseEndpoint.firstPair(dir, i, 60, 28740);
            logins.add(AccessTokens.of(settings, file, tesla, "family", CLUSTERS.get(i).guarded("family-" + now).orElseThrow()));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        List<String> bearers = new CopyOnWriteArrayList<>();
        for (AccessTokens login : logins) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                login.bearer().ifPresent(bearers::add);
            });
            t.start();
            callers.add(t);
        }
        go.countDown();
        for (Thread t : callers) {
            t.join();
        }
        assertThat(tesla.reused).as("no refresh token sent twice").isEmpty();
        assertThat(tesla.issued.get()).as("one refresh for the three members").isEqualTo(1);
        assertThat(bearers).containsOnly("Bearer access-1").hasSize(3);
        for (AccessTokens login : logins) {
            login.close();
        }
    }

    private static String address(HazelcastInstance m) {
        return m.getCluster().getLocalMember().getAddress().getHost() + ":" + m.getCluster().getLocalMember().getAddress().getPort();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
