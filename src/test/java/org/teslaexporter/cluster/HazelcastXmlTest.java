package org.teslaexporter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import java.io.File;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * docker/hazelcast.xml as Hazelcast 5.3.8 reads it, with the properties docker/run-exporter.sh gives it for
 * three members and for two: the shared maps refuse to answer on a side without a majority (three), and
 * not at all with two.
 */
class HazelcastXmlTest {

    private static Config read(int members) throws Exception {
        return read(members, "10.0.0.1:5701,10.0.0.2:5701" + (members == 3 ? ",10.0.0.3:5701" : ""), 5701);
    }

    private static Config read(int members, String list, int port) throws Exception {
        Properties p = new Properties();
        p.setProperty("tesla.cluster.name", "tesla-exporter-digest-" + port);
        p.setProperty("tesla.cluster.port", Integer.toString(port));
        p.setProperty("tesla.cluster.tcpip", "true");
        p.setProperty("tesla.cluster.members", list);
        p.setProperty("tesla.cluster.kubernetes", "false");
        p.setProperty("tesla.cluster.kubernetes.service", "");
        p.setProperty("tesla.cluster.cp.members", members >= 3 ? "3" : "0");
        p.setProperty("tesla.cluster.quorum", Integer.toString(members / 2 + 1));
        p.setProperty("tesla.cluster.protection", members >= 3 ? "tesla-exporter-majority" : "tesla-exporter-none");
        p.setProperty("tesla.cluster.failure.seconds", "10");
        p.setProperty("tesla.cluster.session.seconds", "10");
        p.setProperty("tesla.cluster.cp.removal.seconds", "30");
        return new FileSystemXmlConfig(new File("docker/hazelcast.xml"), p);
    }

    @Test
    void theSharedMapsAnswerOnlyWithAMajorityOfThreeThatWasHeardWithinFiveSeconds() throws Exception {
        Config three = read(3);
        String ref = three.getMapConfig("tesla-exporter.car-plans").getSplitBrainProtectionName();
        assertThat(ref).isEqualTo("tesla-exporter-majority");
        SplitBrainProtectionConfig protection = three.getSplitBrainProtectionConfig(ref);
        assertThat(protection.isEnabled()).isTrue();
        assertThat(protection.getMinimumClusterSize()).isEqualTo(2);
        assertThat(protection.getProtectOn()).hasToString("READ_WRITE");
        assertThat(protection.getFunctionImplementation()).as("the recently-active function")
                .isInstanceOf(com.hazelcast.splitbrainprotection.impl.RecentlyActiveSplitBrainProtectionFunction.class);
        assertThat(((com.hazelcast.splitbrainprotection.impl.RecentlyActiveSplitBrainProtectionFunction) protection.getFunctionImplementation())
                .getHeartbeatToleranceMillis()).as("well within the 10 s after which the others take the cars over").isEqualTo(5000);
        assertThat(three.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("10");
        var raft = three.getCPSubsystemConfig().getRaftAlgorithmConfig();
        assertThat(raft.getLeaderHeartbeatPeriodInMillis() * raft.getMaxMissedLeaderHeartbeatCount())
                .as("a CP group's dead leader replaced as soon as the member is known to be gone, not after 25 s").isEqualTo(10_000);

        Config two = read(2);
        String none = two.getMapConfig("tesla-exporter.car-plans").getSplitBrainProtectionName();
        assertThat(two.getSplitBrainProtectionConfig(none).isEnabled()).as("two members: no majority without each other").isFalse();
    }

    /** One member started from the file, the others never coming: with three it answers no map call, with two it does. */
    @Test
    void aMemberWithoutAMajorityIsRefusedTheMapsAndOneOfTwoIsNot() throws Exception {
        int port = 19_300 + (int) (ProcessHandle.current().pid() % 300) * 5;
        Config three = read(3, "127.0.0.1:" + port + ",127.0.0.1:" + (port + 1) + ",127.0.0.1:" + (port + 2), port);
        three.getCPSubsystemConfig().setCPMemberCount(0);       // the CP subsystem would wait for its three
        three.setProperty("hazelcast.logging.type", "none");
        three.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        com.hazelcast.core.HazelcastInstance alone = com.hazelcast.core.Hazelcast.newHazelcastInstance(three);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> alone.getMap("tesla-exporter.car-plans").put("vin", "plan"))
                    .isInstanceOf(com.hazelcast.splitbrainprotection.SplitBrainProtectionException.class);
        } finally {
            alone.getLifecycleService().terminate();
        }
        Config two = read(2, "127.0.0.1:" + (port + 3) + ",127.0.0.1:" + (port + 4), port + 3);
        two.setProperty("hazelcast.logging.type", "none");
        two.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        com.hazelcast.core.HazelcastInstance one = com.hazelcast.core.Hazelcast.newHazelcastInstance(two);
        try {
            one.getMap("tesla-exporter.car-plans").put("vin", "plan");
            assertThat(one.getMap("tesla-exporter.car-plans").get("vin")).isEqualTo("plan");
        } finally {
            one.getLifecycleService().terminate();
        }
    }

    /**
     * The launch script finds the file beside itself; where it is missing (an image that left it out, as the
     * Docker image once did: Payara's Hazelcast then started on its defaults, multicast and no secret, and no
     * member ever met another) a cluster member is refused at once, before any Java starts.
     */
    @Test
    void aClusterMemberWithoutTheFileBesideTheLaunchScriptIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path script = dir.resolve("run-exporter.sh");
        java.nio.file.Files.copy(java.nio.file.Path.of("docker/run-exporter.sh"), script);
        Process refused = new ProcessBuilder("env", "CLUSTER_MEMBERS=a:5701,b:5701,c:5701", "CLUSTER_SECRET=0123456789abcdef0123",
                "JAVA_HOME=" + dir.resolve("no-java"), "PATH=/usr/bin:/bin", "bash", script.toString(), "payara-micro.jar", "exporter.war")
                .redirectErrorStream(true).start();
        assertThat(refused.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String output = new String(refused.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(refused.exitValue()).as(output).isEqualTo(78);
        assertThat(output).contains(dir.toRealPath().resolve("hazelcast.xml") + " is missing: a cluster member needs it")
                .doesNotContain("0123456789abcdef0123");
    }
}
