package org.teslaexporter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/hazelcast.xml as Hazelcast 5.3.8 reads it, with the properties docker/run-exporter.sh gives it (taken from
 * the script itself) for three members and for two, listed or found through Kubernetes: the shared maps refuse to
 * answer on a side without a majority (three), and not at all with two.
 */
class HazelcastXmlTest {

    /** Three members (or two) on the private network, as an owner lists them. */
    private static Config read(int members) throws Exception {
        return read("10.0.0.1:5701,10.0.0.2:5701" + (members == 3 ? ",10.0.0.3:5701" : ""), 5701);
    }

    private static Config read(String list, int port) throws Exception {
        return read(launch(Map.of("CLUSTER_MEMBERS", list, "CLUSTER_PORT", Integer.toString(port))));
    }

    /** The file read with the system properties among the arguments docker/run-exporter.sh starts Java with. */
    private static Config read(List<String> arguments) throws Exception {
        Properties p = new Properties();
        for (String argument : arguments) {
            if (argument.startsWith("-D") && argument.contains("=")) {
                p.setProperty(argument.substring(2, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1));
            }
        }
        assertThat(p.getProperty("hazelcast.config")).as("the file beside the script").isEqualTo(new File("docker/hazelcast.xml").getCanonicalPath());
        return new FileSystemXmlConfig(new File("docker/hazelcast.xml"), p);
    }

    /** The arguments docker/run-exporter.sh gives Java for these settings (and a secret): a stand-in java writes them down. */
    private static List<String> launch(Map<String, String> settings) throws Exception {
        Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Path arguments = tmp.resolve("arguments-" + System.nanoTime());
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGUMENTS\"\n");
        java.toFile().setExecutable(true);
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("ARGUMENTS", arguments.toString());
        Outcome run = run(Path.of("docker/run-exporter.sh"), tmp.resolve("jdk"), env);
        assertThat(run.exit()).as(run.output()).isZero();
        return Files.readAllLines(arguments);
    }

    /** What the launch script did with these settings, a secret, this JAVA_HOME and nothing else in its environment. */
    private static Outcome run(Path script, Path javaHome, Map<String, String> settings) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "payara-micro.jar", "exporter.war")
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", javaHome.toString(),
                "TMPDIR", tmp.toString(), "CLUSTER_SECRET", SECRET));
        builder.environment().putAll(settings);
        Process run = builder.start();
        assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Outcome(run.exitValue(), new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Outcome(int exit, String output) {
    }

    private static final String SECRET = "0123456789abcdef0123";

    @TempDir
    static Path tmp;

    /**
     * Kubernetes' discovery (the StatefulSet's settings): the members found through the headless service's DNS
     * name, TCP/IP discovery off, the pod's own address announced, the CP subsystem on three. The file once could
     * not be read so: the empty member list Hazelcast refuses even with TCP/IP off ("member must contain text"),
     * and no pod ever started; only the pods of src/check/compose-cluster.sh found it.
     */
    @Test
    void kubernetesDiscoveryFindsTheMembersThroughTheServiceName() throws Exception {
        Map<String, String> pod = Map.of("CLUSTER_KUBERNETES_SERVICE", "tesla-exporter-cluster.monitoring.svc.cluster.local",
                "CLUSTER_SIZE", "3", "CLUSTER_ADDRESS", "10.42.0.7", "CLUSTER_REQUIRED", "true");
        List<String> arguments = launch(pod);
        Config config = read(arguments);
        var join = config.getNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("tesla-exporter-cluster.monitoring.svc.cluster.local");
        assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
        assertThat(config.getCPSubsystemConfig().getCPMemberCount()).isEqualTo(3);
        assertThat(config.getMapConfig("tesla-exporter.car-plans").getSplitBrainProtectionName()).isEqualTo("tesla-exporter-majority");
        assertThat(arguments).contains("-Dhazelcast.local.localAddress=10.42.0.7");
    }

    /** TCP/IP discovery: exactly the listed members, Kubernetes' off. */
    @Test
    void tcpIpDiscoveryJoinsTheListedMembers() throws Exception {
        var join = read(3).getNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701", "10.0.0.3:5701");
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
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
        Config three = read("127.0.0.1:" + port + ",127.0.0.1:" + (port + 1) + ",127.0.0.1:" + (port + 2), port);
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
        Config two = read("127.0.0.1:" + (port + 3) + ",127.0.0.1:" + (port + 4), port + 3);
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
    void aClusterMemberWithoutTheFileBesideTheLaunchScriptIsRefused(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("run-exporter.sh");
        Files.copy(Path.of("docker/run-exporter.sh"), script);
        Outcome refused = run(script, dir.resolve("no-java"), Map.of("CLUSTER_MEMBERS", "a:5701,b:5701,c:5701"));
        assertThat(refused.exit()).as(refused.output()).isEqualTo(78);
        assertThat(refused.output()).contains(dir.toRealPath().resolve("hazelcast.xml") + " is missing: a cluster member needs it")
                .doesNotContain(SECRET);
    }
}
