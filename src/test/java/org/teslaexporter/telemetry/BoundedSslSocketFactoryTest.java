package org.teslaexporter.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code ssl://} broker: the MQTT client takes the guarded TLS sockets, messages pass, and a packet
 * announced over the limit drops the connection before it is read — the guard sees the MQTT packets
 * above TLS, not the encrypted records. The broker is a few lines of MQTT over the JDK's TLS, with a
 * self-signed certificate for 127.0.0.1 made by the JDK's keytool.
 */
class BoundedSslSocketFactoryTest {

    @TempDir
    Path dir;

    private SSLContext context() throws Exception {
        File store = dir.resolve("broker.p12").toFile();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    @Test
    void aTlsBrokerIsReadThroughTheGuardAndAnOversizedPacketDropsTheConnection() throws Exception {
        SSLContext tls = context();
        AtomicReference<Throwable> brokerFailed = new AtomicReference<>();
        List<String> messages = new CopyOnWriteArrayList<>();
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getByName("127.0.0.1"))) {
            Thread broker = new Thread(() -> {
                try (var s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    in.readUnsignedByte();                      // CONNECT
                    int length = 0;
                    int shift = 0;
                    int b;
                    do {
                        b = in.readUnsignedByte();
                        length |= (b & 0x7f) << shift;
                        shift += 7;
                    } while ((b & 0x80) != 0);
                    in.readFully(new byte[length]);
                    OutputStream out = s.getOutputStream();
                    out.write(new byte[] {0x20, 0x02, 0x00, 0x00});                               // CONNACK, accepted
                    out.write(new byte[] {0x30, 0x05, 0x00, 0x01, 't', '4', '2'});                // PUBLISH t "42"
                    out.flush();
                    // the client hands a message to its callback after it read it: let it, before the connection drops
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (messages.isEmpty() && System.nanoTime() < until) {
                        Thread.sleep(20);
                    }
                    out.write(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x05});    // PUBLISH of 10 MiB
                    out.write(new byte[1024]);
                    out.flush();
                    Thread.sleep(2000);
                } catch (Exception e) {
                    brokerFailed.set(e);
                }
            });
            broker.setDaemon(true);
            broker.start();

            AtomicInteger tooLarge = new AtomicInteger();
            AtomicReference<Throwable> lost = new AtomicReference<>();
            CountDownLatch dropped = new CountDownLatch(1);
            MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + server.getLocalPort(), "test", new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.set(cause);
                    dropped.countDown();
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    messages.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(new BoundedSslSocketFactory((SSLSocketFactory) tls.getSocketFactory(), 64 * 1024,
                    tooLarge::incrementAndGet));
            options.setHttpsHostnameVerificationEnabled(true);
            options.setConnectionTimeout(10);
            options.setAutomaticReconnect(false);
            client.connect(options).waitForCompletion(15_000);

            assertThat(dropped.await(15, TimeUnit.SECONDS)).as("the connection is dropped").isTrue();
            assertThat(messages).as("a message of normal size passes").containsExactly("t=42");
            assertThat(tooLarge).hasValue(1);
            Throwable cause = lost.get();
            while (cause != null && !(cause instanceof BoundedMqttSocketFactory.PacketTooLargeException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("dropped for the announced size, before reading it").isNotNull();
            client.close(true);
        }
        assertThat(brokerFailed.get()).isNull();
    }
}
