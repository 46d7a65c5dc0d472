package org.teslaexporter.config;

import java.util.List;
import java.util.logging.Level;

/**
 * The exporter's own server: built by name ({@link #builder()}).
 *
 * @param port            {@code EXPORTER_PORT}
 * @param logLevel        {@code LOG_LEVEL}
 * @param demo            {@code TESLA_DEMO}: simulated cars on the built-in fake Fleet API
 * @param adminPassword   {@code ADMIN_PASSWORD} for the set-up page; unset = a generated set-up token
 * @param metricsLocation {@code METRICS_LOCATION}: publish the car's position; false keeps it out of Prometheus
 * @param trustedProxies  {@code TRUSTED_PROXIES}: addresses whose {@code X-Forwarded-*} headers are believed
 */
public record ServerSettings(int port, Level logLevel, boolean demo, Secret adminPassword, boolean metricsLocation,
        List<String> trustedProxies) {

    public ServerSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every value by its name. */
    public static final class Builder {
        private int port = 9090;
        private Level logLevel = Level.INFO;
        private boolean demo;
        private Secret adminPassword = new Secret(null);
        private boolean metricsLocation = true;
        private List<String> trustedProxies = List.of();

        private Builder() {
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder logLevel(Level v) {
            logLevel = v;
            return this;
        }

        public Builder demo(boolean v) {
            demo = v;
            return this;
        }

        public Builder adminPassword(Secret v) {
            adminPassword = v;
            return this;
        }

        public Builder metricsLocation(boolean v) {
            metricsLocation = v;
            return this;
        }

        public Builder trustedProxies(List<String> v) {
            trustedProxies = v;
            return this;
        }

        public ServerSettings build() {
            return new ServerSettings(port, logLevel, demo, adminPassword, metricsLocation, trustedProxies);
        }
    }
}
