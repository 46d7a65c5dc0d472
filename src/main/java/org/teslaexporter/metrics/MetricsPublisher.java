package org.teslaexporter.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.vehicle.TrackedVehicle;

/**
 * Keeps the application registry equal to what the exporter knows: after every poll cycle it
 * registers a gauge for each newly known series and removes the series of vehicles and values that
 * became unknown. Gauges never hold values: each reads the latest {@link TrackedVehicle} from
 * {@link FleetState} when scraped (MicroProfile Metrics keeps the first supplier of a MetricID).
 * Unit NONE everywhere, so names come out exactly as written.
 */
@ApplicationScoped
public class MetricsPublisher {

    static final String ERRORS = "tesla_exporter_poll_errors_total";
    /** Counters with a {@code vin} label, removed with the vehicle. */
    static final Set<String> PER_VEHICLE_COUNTERS =
            Set.of(ERRORS, "tesla_fleet_api_requests_total", "tesla_fleet_api_billable_requests_total");

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    FleetState fleet;

    @Inject
    AccessTokens tokens;

    @Inject
    ExporterConfig config;

    /** What is published: every family, less the position with {@code METRICS_LOCATION=false}. */
    private List<MetricFamily> families = VehicleMetrics.FAMILIES;

    private final Set<MetricID> vehicleSeries = new HashSet<>();
    private final Map<String, MetricFamily> familiesByName = new HashMap<>();

    @PostConstruct
    void registerExporterGauges() {
        boolean location = config.settings().metricsLocation();
        families = VehicleMetrics.FAMILIES.stream().filter(f -> location || !VehicleMetrics.LOCATION.contains(f.name())).toList();
        families.forEach(f -> familiesByName.put(f.name(), f));
        boolean demo = config.settings().demo();
        gauge("tesla_exporter_up", "Whether the last poll reached the Fleet API and was accepted (1) or not (0)",
                () -> fleet.apiUp() ? 1 : 0);
        gauge("tesla_exporter_demo_mode", "1 when the exporter serves simulated demo cars (TESLA_DEMO=true), 0 for real data",
                () -> demo ? 1 : 0);
        gauge("tesla_exporter_monitored_vehicles", "Number of vehicles the exporter monitors",
                () -> fleet.vehicles().size());
        gauge("tesla_exporter_auth_ok", "Whether a usable login (token) is present (1) or a login is needed (0)",
                () -> switch (tokens.status()) {
                    case OK, DEMO -> 1;
                    default -> 0;
                });
        gauge("tesla_exporter_token_saved",
                "0 while refreshed tokens could not be written to the token file (the login would not survive a restart)",
                () -> tokens.saved() ? 1 : 0);
        gauge("tesla_exporter_region_registration_required",
                "1 when Tesla answered 412: register the partner account in this region (see README)",
                () -> fleet.regionNotRegistered() ? 1 : 0);
        gauge("tesla_exporter_token_expiry_timestamp_seconds", "When the current access token expires, Unix time (NaN if unknown)",
                () -> tokens.accessTokenExpiry().map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN));
    }

    /** Aligns the registered vehicle series with the current {@link FleetState}. Called by the poller after each cycle. */
    public synchronized void publish() {
        Set<MetricID> wanted = new HashSet<>();
        for (TrackedVehicle vehicle : fleet.vehicles()) {
            for (MetricFamily family : families) {
                for (List<String> labelValues : family.samples(vehicle).keySet()) {
                    Tag[] tags = tags(vehicle.vin(), vehicle.name(), family.labelNames(), labelValues);
                    MetricID id = new MetricID(family.name(), tags);
                    wanted.add(id);
                    if (vehicleSeries.add(id)) {
                        String vin = vehicle.vin();
                        registry.gauge(metadata(family.name(), family.help()),
                                () -> current(vin, family, labelValues), tags);
                    }
                }
            }
        }
        for (MetricID stale : new ArrayList<>(vehicleSeries)) {
            if (!wanted.contains(stale)) {
                registry.remove(stale);
                vehicleSeries.remove(stale);
            }
        }
        Set<String> vins = new HashSet<>();
        fleet.vehicles().forEach(v -> vins.add(v.vin()));
        registry.removeMatching((id, metric) -> PER_VEHICLE_COUNTERS.contains(id.getName())
                && !id.getTags().getOrDefault("vin", "").isEmpty() && !vins.contains(id.getTags().get("vin")));
    }

    /**
     * Counts a failed request in {@code tesla_exporter_poll_errors_total{error_type}}; {@code vehicle}
     * is null for account-level failures (listing vehicles, login), whose vin and vehicle_name are empty.
     */
    public void countError(TrackedVehicle vehicle, String errorType) {
        String vin = vehicle == null ? "" : vehicle.vin();
        String name = vehicle == null ? "" : vehicle.name();
        registry.counter(metadata(ERRORS, "Failed polls by error type (a 408 from a sleeping car is not an error)"),
                new Tag("error_type", errorType), new Tag("vehicle_name", name), new Tag("vin", vin)).inc();
    }

    private Double current(String vin, MetricFamily family, List<String> labelValues) {
        return fleet.vehicle(vin).map(v -> family.samples(v).get(labelValues)).orElse(Double.NaN);
    }

    private void gauge(String name, String help, Supplier<Number> value) {
        registry.gauge(metadata(name, help), value);
    }

    /** Metadata of an exporter metric: unit NONE, so the name comes out exactly as written. */
    public static Metadata metadata(String name, String help) {
        return Metadata.builder().withName(name).withDescription(help).withUnit(MetricUnits.NONE).build();
    }

    private static Tag[] tags(String vin, String name, List<String> labelNames, List<String> labelValues) {
        Tag[] tags = new Tag[labelNames.size() + 2];
        tags[0] = new Tag("vin", vin);
        tags[1] = new Tag("vehicle_name", name);
        for (int i = 0; i < labelNames.size(); i++) {
            tags[i + 2] = new Tag(labelNames.get(i), labelValues.get(i));
        }
        return tags;
    }
}
