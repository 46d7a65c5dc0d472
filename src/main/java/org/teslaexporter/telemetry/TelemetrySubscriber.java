package org.teslaexporter.telemetry;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.TelemetrySettings;
import org.teslaexporter.http.LogLimiter;
import org.teslaexporter.http.OneLine;
import org.teslaexporter.metrics.MetricsPublisher;
import org.teslaexporter.polling.FleetEvent;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.threads.DaemonThreads;

/**
 * Subscribes to the fleet-telemetry server's MQTT dispatcher ({@code TELEMETRY_MQTT_URL}) and hands
 * every message to {@link TelemetryIngest}, on the MQTT client's own thread: polling and scraping
 * never wait for the broker. Connects, and after any loss connects again, by itself with a growing
 * pause (1 s doubling to 60 s, with jitter); subscribes again after each connection. A broker that
 * sends a packet over {@link #MAX_PACKET} bytes is disconnected before the packet is read, over
 * {@code tcp://} and {@code ssl://} alike (the guard sits above TLS).
 */
@ApplicationScoped
public class TelemetrySubscriber {

    static final int MAX_PACKET = 64 * 1024;
    static final Duration MAX_PAUSE = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(TelemetrySubscriber.class.getName());

    @Inject
    ExporterConfig config;

    @Inject
    FleetState fleet;

    @Inject
    FleetApiBill bill;

    @Inject
    Cluster cluster;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    private final Map<TelemetryIngest.Result, Counter> messages = new EnumMap<>(TelemetryIngest.Result.class);
    private final LogLimiter complaints = new LogLimiter(LOG, Duration.ofMinutes(1), Clock.systemUTC());
    private TelemetrySettings settings;
    private volatile TelemetryIngest ingest;
    private MqttAsyncClient client;
    private ScheduledExecutorService reconnects;
    private volatile boolean connected;
    private volatile boolean stopping;
    private volatile String problem;
    private int failures;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        settings = config.settings().telemetry();
        registry.gauge(MetricsPublisher.metadata("tesla_telemetry_enabled",
                "1 when the exporter subscribes to Fleet Telemetry (TELEMETRY_MQTT_URL set), 0 otherwise"),
                () -> settings.streaming() ? 1 : 0);
        if (!settings.streaming()) {
            return;
        }
        registry.gauge(MetricsPublisher.metadata("tesla_telemetry_broker_connected",
                "Whether the exporter is connected to the MQTT broker of Fleet Telemetry (1) or not (0)"), () -> connected ? 1 : 0);
        for (TelemetryIngest.Result r : TelemetryIngest.Result.values()) {
            if (r.clusterOnly() && !cluster.clustered()) {
                continue;
            }
            messages.put(r, registry.counter(MetricsPublisher.metadata("tesla_telemetry_messages_total",
                    "MQTT messages from Fleet Telemetry by what became of them (accepted, ignored, unknown_field, unknown_vehicle,"
                            + " off_topic, malformed, too_large; in a cluster another_member, held)"), new Tag("result", r.label())));
        }
        ingest = new TelemetryIngest(settings.topicBase(), fleet::change, vin -> bill.recordSignal(fleet.account(vin).orElse(""), vin),
                cluster::owns, cluster.clustered() ? fleet::listed : vin -> false, Clock.systemUTC());
        reconnects = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tesla-telemetry-connect"));
        try {
            client = new MqttAsyncClient(settings.mqttUrl().toString(), "tesla-exporter-" + UUID.randomUUID().toString().substring(0, 8),
                    new MemoryPersistence());
            client.setCallback(new Callback());
        } catch (MqttException | IllegalArgumentException e) {
            problem = "cannot use TELEMETRY_MQTT_URL=" + settings.mqttUrl() + ": " + e.getMessage();
            LOG.severe("Fleet Telemetry is off: " + problem);
            return;
        }
        LOG.info("Fleet Telemetry: subscribing to " + String.join(", ", MqttTopic.filters(settings.topicBase())) + " at "
                + settings.mqttUrl());
        reconnects.execute(this::connect);
    }

    /** A car new here (taken over from another member) first gets what the stream said of it meanwhile. */
    void onChanged(@Observes FleetEvent.VehicleChanged changed) {
        TelemetryIngest in = ingest;
        if (in != null) {
            in.catchUp(changed.vin());
        }
    }

    void onUnlisted(@Observes FleetEvent.Unlisted unlisted) {
        TelemetryIngest in = ingest;
        if (in != null) {
            in.forget(unlisted.vin());
        }
    }

    /** Whether the broker connection is up (for the set-up page). */
    public boolean connected() {
        return connected;
    }

    /** Why the last connection attempt failed, or null. */
    public String problem() {
        return problem;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (reconnects != null) {
            reconnects.shutdownNow();
        }
        if (client != null) {
            try {
                client.disconnectForcibly(100, 500);
                client.close(true);
            } catch (MqttException | RuntimeException ignored) {
                // shutting down
            }
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);       // ours, with a pause that grows (see class comment)
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        Runnable tooLarge = () -> {
            connected = false;                // the connection is dropped now: not 'connected' until subscribed again
            count(TelemetryIngest.Result.TOO_LARGE);
        };
        if ("ssl".equalsIgnoreCase(settings.mqttUrl().getScheme())) {
            // the JVM's trust store checks the broker's certificate, and its host name is verified
            o.setSocketFactory(new BoundedSslSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault(), MAX_PACKET, tooLarge));
            o.setHttpsHostnameVerificationEnabled(true);
        } else {
            o.setSocketFactory(new BoundedMqttSocketFactory(MAX_PACKET, tooLarge));
        }
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password().isSet()) {
            o.setPassword(settings.password().reveal().toCharArray());
        }
        return o;
    }

    private void connect() {
        if (stopping) {
            return;
        }
        try {
            client.connect(options(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // subscribed in connectComplete
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    lost("cannot connect", failure);
                }
            });
        } catch (MqttException | RuntimeException e) {
            lost("cannot connect", e);
        }
    }

    private synchronized void lost(String what, Throwable cause) {
        connected = false;
        failures++;
        problem = what + " to " + settings.mqttUrl() + ": " + describe(cause);
        long pause = Math.min(MAX_PAUSE.toMillis(), 1000L << Math.min(failures - 1, 6));
        pause = pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1);
        complaints.log(Level.WARNING, "connect", "Fleet Telemetry: " + problem + "; trying again in " + pause / 1000.0 + " s");
        if (!stopping) {
            try {
                reconnects.schedule(this::connect, pause, TimeUnit.MILLISECONDS);
            } catch (RuntimeException rejected) {
                // shutting down
            }
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "connection lost";
        }
        return OneLine.rootCause(t);
    }

    private void count(TelemetryIngest.Result r) {
        Counter c = messages.get(r);
        if (c != null) {
            c.inc();
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            synchronized (TelemetrySubscriber.this) {
                failures = 0;
                problem = null;
            }
            try {
                String[] filters = MqttTopic.filters(settings.topicBase());
                client.subscribe(filters, new int[filters.length]);     // QoS 0: a gap is lost either way
                connected = true;
                LOG.info("Fleet Telemetry: connected to " + serverUri + " and subscribed");
            } catch (MqttException | RuntimeException e) {
                lost("cannot subscribe", e);
                try {
                    client.disconnect();
                } catch (MqttException | RuntimeException ignored) {
                    // reconnecting anyway
                }
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost("lost the connection", cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                TelemetryIngest.Result r = ingest.accept(topic, message.getPayload());
                count(r);
                if (r.complaint()) {
                    complaints.log(Level.WARNING, r.label(), "Fleet Telemetry: a message on " + OneLine.of(topic, 160)
                            + " was not used (" + r.label() + "); all are counted in tesla_telemetry_messages_total");
                }
            } catch (Throwable unexpected) {     // an exception here would make the client drop the connection
                count(TelemetryIngest.Result.MALFORMED);
                complaints.log(Level.WARNING, "internal", "Fleet Telemetry: a message could not be handled ("
                        + describe(unexpected) + "); the stream goes on");
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the exporter publishes nothing
        }
    }
}
