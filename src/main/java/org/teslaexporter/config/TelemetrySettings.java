package org.teslaexporter.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fleet Telemetry: where the car's streamed signals arrive (an MQTT broker fed by Tesla's
 * fleet-telemetry server) and where the car is told to send them. See README, "Streaming". Built by
 * name ({@link #builder()}, from {@link #OFF}'s defaults).
 *
 * @param mqttUrl    {@code TELEMETRY_MQTT_URL}, {@code tcp://host:port} or {@code ssl://host:port}; null = streaming off
 * @param topicBase  {@code TELEMETRY_MQTT_TOPIC_BASE}, the dispatcher's {@code topic_base}
 * @param reconcile  {@code TELEMETRY_RECONCILE_SECONDS}: one {@code vehicle_data} read this often while
 *                   a car streams; {@link Duration#ZERO} = never
 * @param staleAfter {@code TELEMETRY_STALE_SECONDS}: a connected car that sent nothing this long is polled again
 * @param hostname   {@code TELEMETRY_HOSTNAME}, the fleet-telemetry server the cars connect to; null = cars not configured
 * @param caFile     {@code TELEMETRY_CA_FILE}, the PEM chain of that server's certificate
 */
public record TelemetrySettings(
        URI mqttUrl,
        String topicBase,
        String username,
        Secret password,
        Duration reconcile,
        Duration staleAfter,
        String hostname,
        int port,
        Path caFile) {

    public static final TelemetrySettings OFF = new Builder().build();

    public boolean streaming() {
        return mqttUrl != null;
    }

    public boolean configuresCars() {
        return hostname != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every value by its name, starting from the defaults of streaming off. */
    public static final class Builder {
        private URI mqttUrl;
        private String topicBase = "telemetry";
        private String username;
        private Secret password = new Secret(null);
        private Duration reconcile = Duration.ofHours(6);
        private Duration staleAfter = Duration.ofMinutes(15);
        private String hostname;
        private int port = 443;
        private Path caFile;

        private Builder() {
        }

        public Builder mqttUrl(URI v) {
            mqttUrl = v;
            return this;
        }

        public Builder topicBase(String v) {
            topicBase = v;
            return this;
        }

        public Builder username(String v) {
            username = v;
            return this;
        }

        public Builder password(Secret v) {
            password = v;
            return this;
        }

        public Builder reconcile(Duration v) {
            reconcile = v;
            return this;
        }

        public Builder staleAfter(Duration v) {
            staleAfter = v;
            return this;
        }

        public Builder hostname(String v) {
            hostname = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder caFile(Path v) {
            caFile = v;
            return this;
        }

        public TelemetrySettings build() {
            return new TelemetrySettings(mqttUrl, topicBase, username, password, reconcile, staleAfter, hostname, port, caFile);
        }
    }
}
