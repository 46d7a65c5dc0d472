package org.teslaexporter.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.teslaexporter.InstalledTool;

/**
 * The streaming profile's broker as Compose runs it: {@code docker/streaming/mosquitto-entrypoint.sh}
 * under busybox (the Mosquitto image is Alpine's), starting Debian's Mosquitto with the project's
 * {@code mosquitto.conf}. Anonymous clients and wrong passwords are refused, fleet-telemetry may only
 * write under the topic base and the exporter only read it, and fleet-telemetry's config gets its login.
 */
class MosquittoEntrypointTest {

    static final String TELEMETRY_PASSWORD = "telemetry-pw-0123456789abcdef";
    static final String EXPORTER_PASSWORD = "exporter-pw-0123456789abcdef";
    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");

    private Path work;
    private Process broker;
    private int port;

    @BeforeEach
    void tools() throws IOException {
        InstalledTool.require(MOSQUITTO.toString(), "mosquitto");
        InstalledTool.require(BUSYBOX.toString(), "busybox");
        // not a @TempDir (owner-only): Mosquitto reads its files as its own user once it has dropped root
        work = Files.createDirectories(Path.of("target", "mosquitto-entrypoint")).toAbsolutePath();
        try (var old = Files.walk(work)) {
            old.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(work)).forEach(p -> p.toFile().delete());
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ProcessBuilder entrypoint(Map<String, String> env) throws IOException {
        Path applets = Files.createDirectories(work.resolve("applets"));
        for (String applet : new String[] {"sh", "dirname", "mkdir", "rm", "cat", "id", "chown", "sed", "mv"}) {
            if (!Files.exists(applets.resolve(applet), LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(applets.resolve(applet), BUSYBOX);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(applets.resolve("sh").toString(), "docker/streaming/mosquitto-entrypoint.sh")
                .redirectErrorStream(true).redirectOutput(work.resolve("broker.log").toFile());
        pb.environment().put("PATH", applets.toString());
        Map<String, String> all = new HashMap<>(Map.of("MQTT_RUN_DIR", work.resolve("run").toString(),
                "MQTT_SHARED_DIR", work.resolve("shared").toString(), "MQTT_PORT", Integer.toString(port),
                "MOSQUITTO_BIN", MOSQUITTO.toString(), "MOSQUITTO_PASSWD_BIN", PASSWD.toString()));
        all.putAll(env);
        pb.environment().putAll(all);
        return pb;
    }

    private void startBroker() throws Exception {
        broker = entrypoint(Map.of("MQTT_TELEMETRY_PASSWORD", TELEMETRY_PASSWORD, "MQTT_EXPORTER_PASSWORD", EXPORTER_PASSWORD))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && broker.isAlive()) {
            try (var probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the broker did not start: " + Files.readString(work.resolve("broker.log")));
    }

    private MqttClient client(String user, String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "test-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        c.connect(o);
        return c;
    }

    private static List<String> subscribe(MqttClient c) throws MqttException {
        List<String> got = new CopyOnWriteArrayList<>();
        c.subscribe("telemetry/#", 0, (topic, m) -> got.add(topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8)));
        return got;
    }

    @Test
    void onlyFleetTelemetryWritesOnlyTheExporterReadsAndStrangersAreRefused() throws Exception {
        startBroker();
        assertThatThrownBy(() -> client(null, null)).as("anonymous").isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> client("fleet-telemetry", "wrong-password-0123456789")).as("wrong password")
                .isInstanceOf(MqttException.class);

        MqttClient exporter = client("tesla-exporter", EXPORTER_PASSWORD);
        MqttClient telemetry = client("fleet-telemetry", TELEMETRY_PASSWORD);
        List<String> exporterSees = subscribe(exporter);
        List<String> telemetrySees = subscribe(telemetry);

        telemetry.publish("telemetry/5YJ3E1EA1KF000021/v/BatteryLevel", "55".getBytes(StandardCharsets.UTF_8), 0, false);
        telemetry.publish("elsewhere/x", "1".getBytes(StandardCharsets.UTF_8), 0, false);
        exporter.publish("telemetry/5YJ3E1EA1KF000021/v/Locked", "true".getBytes(StandardCharsets.UTF_8), 0, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (exporterSees.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);      // time for anything the ACL should have stopped

        assertThat(exporterSees).as("the exporter reads fleet-telemetry's signals, and nothing it published itself")
                .containsExactly("telemetry/5YJ3E1EA1KF000021/v/BatteryLevel=55");
        assertThat(telemetrySees).as("fleet-telemetry reads nothing").isEmpty();
        exporter.disconnect();
        telemetry.disconnect();

        JsonObject config;
        try (var r = Json.createReader(new StringReader(Files.readString(work.resolve("shared/fleet-telemetry.json"))))) {
            config = r.readObject();
        }
        assertThat(config.getJsonObject("mqtt").getString("username")).isEqualTo("fleet-telemetry");
        assertThat(config.getJsonObject("mqtt").getString("password")).isEqualTo(TELEMETRY_PASSWORD);
        assertThat(config.getJsonObject("mqtt").getString("topic_base")).isEqualTo("telemetry");
        assertThat(config.getJsonObject("tls").getString("server_key")).isEqualTo("/certs/privkey.pem");
        assertThat(Files.readString(work.resolve("run/passwd"))).doesNotContain(TELEMETRY_PASSWORD, EXPORTER_PASSWORD);
    }

    @Test
    void missingOrWeakPasswordsStopTheBrokerWithItsReason() throws Exception {
        Map<String, String> none = Map.of();
        Map<String, String> weak = Map.of("MQTT_TELEMETRY_PASSWORD", "short", "MQTT_EXPORTER_PASSWORD", EXPORTER_PASSWORD);
        Map<String, String> quoted = Map.of("MQTT_TELEMETRY_PASSWORD", TELEMETRY_PASSWORD + "\"x", "MQTT_EXPORTER_PASSWORD",
                EXPORTER_PASSWORD);
        for (Map<String, String> env : List.of(none, weak, quoted)) {
            Process p = entrypoint(env).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(work.resolve("broker.log"));
            assertThat(p.exitValue()).as(log).isEqualTo(78);
            assertThat(log).contains("MQTT_");
        }
    }
}
