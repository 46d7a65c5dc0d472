package org.teslaexporter.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.teslaexporter.http.HttpLimits;

/**
 * The exporter's validated settings. Built by {@link SettingsReader}; see docs/configuration.md for
 * each variable. {@code toString} is safe to log (the client secret is a {@link Secret}).
 *
 * @param vins         vehicles to monitor by VIN ({@code TESLA_VINS}); empty = see {@code vehicleIndex}
 * @param vehicleIndex position in the account's vehicle list ({@code TESLA_VEHICLE_INDEX}); null = all
 * @param demo         run against the built-in simulated Fleet API ({@code TESLA_DEMO})
 * @param metricsLocation publish the car's position ({@code METRICS_LOCATION}); false keeps it out of Prometheus
 * @param trustedProxies addresses whose {@code X-Forwarded-*} headers are believed ({@code TRUSTED_PROXIES})
 * @param telemetry    Fleet Telemetry streaming ({@code TELEMETRY_*})
 */
public record Settings(
        String clientId,
        Secret clientSecret,
        URI redirectUri,
        URI apiBase,
        URI authBase,
        URI tokenBase,
        String scopes,
        List<String> vins,
        Integer vehicleIndex,
        Duration pollInterval,
        Duration sleepPollInterval,
        Duration drivingPollInterval,
        Duration chargingPollInterval,
        Duration suspendAfterIdle,
        Duration suspendMax,
        Duration stateCheckInterval,
        Duration backoffMax,
        Prices prices,
        boolean wakeOnPoll,
        Duration wakeTimeout,
        int exporterPort,
        Path tokenFile,
        Level logLevel,
        boolean demo,
        Duration connectTimeout,
        Duration readTimeout,
        Duration totalTimeout,
        Secret adminPassword,
        Path dataDir,
        Duration loginTimeout,
        boolean metricsLocation,
        List<String> trustedProxies,
        TelemetrySettings telemetry) {

    public Settings {
        vins = List.copyOf(vins);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** The bounds of every call to Tesla. */
    public HttpLimits httpLimits() {
        return new HttpLimits(connectTimeout, readTimeout, totalTimeout, HttpLimits.DEFAULT_MAX_ANSWER_BYTES);
    }

    /** The path Tesla redirects the browser to after login, from {@code TESLA_REDIRECT_URI} (default {@code /callback}). */
    public String callbackPath() {
        String path = redirectUri.getPath();
        return path == null || path.isEmpty() || path.equals("/") ? "/callback" : path;
    }
}
