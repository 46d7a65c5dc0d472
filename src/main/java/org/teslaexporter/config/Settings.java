package org.teslaexporter.config;

import org.teslaexporter.http.HttpLimits;

/**
 * The exporter's validated settings, in groups each built by name. Built by {@link SettingsReader};
 * see docs/configuration.md for each variable. {@code toString} is safe to log (secrets are
 * {@link Secret}s).
 *
 * @param login     the app at developer.tesla.com and Tesla's login ({@code TESLA_CLIENT_*}, {@code TESLA_REDIRECT_URI} …)
 * @param fleet     which Fleet API and which cars ({@code TESLA_API_BASE}, {@code TESLA_VINS} …)
 * @param polling   the policy's intervals ({@code *_INTERVAL_SECONDS}, {@code SUSPEND_*} …)
 * @param prices    the Fleet API's prices and the monthly budget ({@code PRICE_*_USD}, {@code MONTHLY_BUDGET_USD})
 * @param http      the bounds of every call to Tesla ({@code HTTP_*_TIMEOUT_SECONDS})
 * @param server    the exporter's own server ({@code EXPORTER_PORT}, {@code LOG_LEVEL}, {@code TESLA_DEMO} …)
 * @param files     the token file and the data directory
 * @param telemetry Fleet Telemetry streaming ({@code TELEMETRY_*})
 * @param journal   the database of drives and charges ({@code JOURNAL_*})
 * @param cluster   the other exporters this one shares the cars with ({@code CLUSTER_*}), or {@link ClusterSettings#ALONE}
 */
public record Settings(LoginSettings login, FleetSettings fleet, PollIntervals polling, Prices prices, HttpLimits http,
        ServerSettings server, FileSettings files, TelemetrySettings telemetry, JournalSettings journal,
        ClusterSettings cluster) {
}
