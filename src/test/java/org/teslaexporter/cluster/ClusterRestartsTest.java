package org.teslaexporter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.config.ClusterSettings;
import org.teslaexporter.config.Secret;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

/**
 * Three real Hazelcast 5.3.8 members in this JVM, failure detection and the CP subsystem's removal of a
 * missing member shortened to seconds: a member killed (terminated, no goodbye) and started again gets a new
 * identity outside the CP subsystem; once Hazelcast has removed the old one, the member back takes its place
 * ({@link HazelcastCluster}), and the account refreshes with each refresh token sent once. Without the
 * promotion the CP subsystem would stay on two members after the restart.
 */
class ClusterRestartsTest {

    private static final String SECRET = "restarts-test-secret-0123456789";
    private static final ClusterSettings SETTINGS = new ClusterSettings(List.of("a", "b", "c"), null, 3, new Secret(SECRET));

    private final int base = 17_700 + (int) (ProcessHandle.current().pid() % 300) * 5;
    private final HazelcastInstance[] members = new HazelcastInstance[3];
    private final AccessTokens[] logins = new AccessTokens[3];

    private Config config(int i) {
        String list = IntStream.range(0, 3).mapToObj(m -> "127.0.0.1:" + (base + m)).reduce((a, b) -> a + "," + b).orElseThrow();
        Config config = HazelcastClusterTest.member("restarts-" + base, base + i, list);
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "3");
        config.getCPSubsystemConfig().setCPMemberCount(3).setSessionTimeToLiveSeconds(5).setSessionHeartbeatIntervalSeconds(1)
                .setMissingCPMemberAutoRemovalSeconds(5);
        return config;
    }

    private void start(int i, Settings settings, Path dir, SingleUseEndpoint tesla) {
        members[i] = Hazelcast.newHazelcastInstance(config(i));
        Cluster cluster = ClusterProducer.over(members[i], SETTINGS);
        logins[i] = AccessTokens.of(settings, dir.resolve("member-" + i).resolve("token.json"), tesla, "family",
                cluster.guarded("family").orElseThrow());
    }

    private void kill(int i) {
        members[i].getLifecycleService().terminate();
        logins[i].close();
        members[i] = null;
    }

    /** Whether every running member is in the CP subsystem, and it has its three. */
    private boolean cpWhole() {
        for (HazelcastInstance m : members) {
            if (m == null || m.getCPSubsystem().getLocalCPMember() == null) {
                return false;
            }
        }
        try {
            return members[0].getCPSubsystem().getCPSubsystemManagementService().getCPMembers().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS).size() == 3;
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what + " within " + timeout.toSeconds() + " s").isTrue();
            Thread.sleep(200);
        }
    }

    @Test
    void aMemberBackAfterAKillTakesTheFreePlaceInTheCpSubsystem(@TempDir Path dir) throws Exception {
        SingleUseEndpoint tesla = new SingleUseEndpoint(0);
        Settings settings = SettingsReader.read(name -> Optional.ofNullable(Map.of("TESLA_CLIENT_ID", "client",
                "HTTP_TOTAL_TIMEOUT_SECONDS", "10").get(name)));
        for (int i = 0; i < 3; i++) {
            SingleUseEndpoint.firstPair(dir, i, 20000, 8000);       // every member's disk holds the login
        }
        List<Thread> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int member = i;
            Thread t = new Thread(() -> start(member, settings, dir, tesla));
            t.start();
            starting.add(t);
        }
        for (Thread t : starting) {
            t.join();
        }
        try {
            await(this::cpWhole, Duration.ofSeconds(60), "the CP subsystem of three formed");
            assertThat(logins[1].bearer()).contains("Bearer access-0");
            assertThat(logins[1].refreshAfterRejection("Bearer access-0")).contains("Bearer access-1");

            // member 2 killed and started again: a new identity, outside the CP subsystem, until Hazelcast removes the old one
            kill(2);
            start(2, settings, dir, tesla);
            assertThat(members[2].getCPSubsystem().getLocalCPMember()).as("back with a new identity, outside the CP subsystem").isNull();
            await(this::cpWhole, Duration.ofSeconds(60), "the member back promoted into the CP subsystem once the old one was removed");

            // with all three in it again, the account refreshes, and the member back (with its old file) has the pair
            assertThat(logins[1].refreshAfterRejection("Bearer access-1")).contains("Bearer access-2");
            String held = logins[2].bearer().orElseThrow();
            Optional<String> after = held.equals("Bearer access-2") ? Optional.of(held) : logins[2].refreshAfterRejection(held);
            assertThat(after).as("the member back has the cluster's pair").contains("Bearer access-2");
            assertThat(tesla.reused).as("no refresh token sent twice").isEmpty();
            assertThat(tesla.issued.get()).isEqualTo(2);
        } finally {
            for (int i = 0; i < 3; i++) {
                if (members[i] != null) {
                    kill(i);
                }
            }
        }
    }
}
