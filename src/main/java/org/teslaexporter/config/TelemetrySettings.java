package org.teslaexporter.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fleet Telemetry: where the car's streamed signals arrive (an MQTT broker fed by Tesla's
 * fleet-telemetry server) and where the car is told to send them. See README, "Streaming".
 *
 * @param mqttUrl    {@code TELEMETRY_MQTT_URL}, {@code tcp://host:port}; null = streaming off
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

    public static final TelemetrySettings OFF = new TelemetrySettings(null, "telemetry", null, new Secret(null),
            Duration.ofHours(6), Duration.ofMinutes(15), null, 443, null);

    public boolean streaming() {
        return mqttUrl != null;
    }

    public boolean configuresCars() {
        return hostname != null;
    }
}
