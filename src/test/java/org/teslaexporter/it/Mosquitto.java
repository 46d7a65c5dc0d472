package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A real Mosquitto on loopback, anonymous, with MQTT's own size limit (256 MB) so the exporter's guard is what is
 * tested; and a car's side of it (a publisher).
 */
final class Mosquitto implements AutoCloseable {
    private final Path binary;
    private final Path config;
    private final Path log;
    private Process process;

    Mosquitto(Path binary, Path work, int port) throws IOException, InterruptedException {
        this.binary = binary;
        this.config = work.resolve("mosquitto.conf");
        this.log = work.resolve("mosquitto.log");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        start();
    }

    private void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(binary.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Thread.sleep(300);
        assertThat(process.isAlive()).as("mosquitto started (see " + log + ")").isTrue();
    }

    void restart() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(1500);
        start();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static MqttClient publisher(int port) throws MqttException {
        MqttClient c = new Publisher("tcp://127.0.0.1:" + port);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                c.connect(o);
                return c;
            } catch (MqttException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw notYet;
                }
            }
        }
    }

    static void publish(MqttClient c, String topic, String payload) throws MqttException {
        c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0, false);
    }

    /** Paho's client refuses close() while connected: disconnect first. */
    private static final class Publisher extends MqttClient implements AutoCloseable {
        Publisher(String url) throws MqttException {
            super(url, "it-car-" + System.nanoTime(), new MemoryPersistence());
        }

        @Override
        public void close() throws MqttException {
            if (isConnected()) {
                disconnectForcibly(1000);
            }
            super.close();
        }
    }
}
