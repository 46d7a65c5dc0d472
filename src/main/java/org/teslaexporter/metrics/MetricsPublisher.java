package org.teslaexporter.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.teslaexporter.accounts.Account;
import org.teslaexporter.accounts.AccountEvent;
import org.teslaexporter.accounts.AccountRegistry;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.polling.FleetEvent;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.vehicle.TrackedVehicle;

/**
 * Keeps the application registry equal to what the exporter knows, one vehicle at a time
 * (kube-state-metrics' way): when a vehicle changes, its samples are computed once, its newly known
 * series are registered and those that became unknown removed — that vehicle's alone. Each gauge
 * reads one stored number ({@link Sample}), so a scrape costs one read per series and computes
 * nothing. Unit NONE everywhere, so names come out exactly as written. Every car's series carry its
 * {@code account}; each account's own series ({@code tesla_exporter_auth_ok} …) carry {@code account}
 * and {@code account_name}, registered when the account comes and removed when it goes.
 */
@ApplicationScoped
public class MetricsPublisher {

    static final String ERRORS = "tesla_exporter_poll_errors_total";
    static final String ERRORS_HELP = "Failed polls by error type (a 408 from a sleeping car is not an error)";
    /**
     * Error types every vehicle's {@code tesla_exporter_poll_errors_total} starts with, at 0, so
     * {@code rate()} sees them before the first error (Prometheus' guidance for known label sets).
     */
    public static final List<String> KNOWN_ERROR_TYPES = List.of("auth", "forbidden", "billing_limit", "not_found",
            "not_registered", "wrong_region", "rate_limited", "server_error", "malformed_response", "network", "timeout",
            "token_refresh", "wake_timeout", "internal");
    /** Counters with a {@code vin} label kept by others (the bill), removed with the vehicle. */
    static final Set<String> OTHER_VEHICLE_COUNTERS = Set.of("tesla_fleet_api_requests_total",
            "tesla_fleet_api_billable_requests_total", "tesla_fleet_telemetry_signals_total");

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    FleetState fleet;

    @Inject
    AccountRegistry accounts;

    @Inject
    ExporterConfig config;

    /** Forgets a removed account's series (null in unit tests). */
    @Inject
    FleetApiBill bill;

    @Inject
    Cluster cluster;

    /** Told of every change, so /metrics shows it soon (null in unit tests). */
    @Inject
    RenderedMetrics rendered;

    /** What is published: every family, less the position with {@code METRICS_LOCATION=false}. */
    private List<MetricFamily> families = VehicleMetrics.FAMILIES;
    private final Map<String, Published> vehicles = new ConcurrentHashMap<>();

    /** One series' current value; the gauge's supplier. */
    static final class Sample implements Supplier<Double>, org.eclipse.microprofile.metrics.Gauge<Double> {
        volatile double value;

        @Override
        public Double get() {
            return value;
        }

        @Override
        public Double getValue() {
            return value;
        }
    }

    /** One gauge of a vehicle: its family and the values of the family's own labels. */
    private record GaugeKey(MetricFamily family, List<String> values) {
    }

    /** What is registered for one vehicle. Guarded by its own monitor: one vehicle's changes never wait for another's. */
    private static final class Published {
        /**
         * The vehicle's gauges by family and label values (its own labels — vin, name, account — are the
         * same for all): a registered series' id is made again only to remove it, so the publisher keeps
         * no second copy of the registry's ids (a MetricID with its tag map is ~300 bytes; 100,000 of
         * them at 1,000 cars).
         */
        final Map<GaugeKey, Sample> gauges = new HashMap<>();
        final Set<MetricID> counters = new HashSet<>();
        volatile String name;
        String account;
        long namedAtNanos;
    }

    /**
     * A car's name is a label of each of its series: a new name makes a new set of series and starts its
     * counters again. So the published name follows the car's at most this often (a stream of renames,
     * from the car or from whoever can publish to the broker, cannot churn Prometheus).
     */
    static final Duration MIN_RENAME_INTERVAL = Duration.ofMinutes(10);
    /** The clock of renames (a field, so tests can move it). */
    LongSupplier nanoTime = System::nanoTime;

    /** The name to publish for {@code v}: its own, unless the last rename is younger than {@link #MIN_RENAME_INTERVAL}. */
    private String labelName(Published p, TrackedVehicle v) {
        long now = nanoTime.getAsLong();
        if (p.name == null || (!p.name.equals(v.name()) && now - p.namedAtNanos >= MIN_RENAME_INTERVAL.toNanos())) {
            return v.name();
        }
        return p.name;
    }

    /** Made at its first use (a benign race: two are alike), so the tests that set the registry get it too. */
    private volatile GaugeRegistration gauges;

    private GaugeRegistration gauges() {
        GaugeRegistration g = gauges;
        if (g == null) {
            g = new GaugeRegistration(registry);
            gauges = g;
        }
        return g;
    }

    @PostConstruct
    void registerExporterGauges() {
        boolean location = config.settings().server().metricsLocation();
        List<MetricFamily> published = new java.util.ArrayList<>(VehicleMetrics.FAMILIES.stream()
                .filter(f -> location || !VehicleMetrics.LOCATION.contains(f.name())).toList());
        if (location && !config.places().places().isEmpty()) {
            published.add(VehicleMetrics.place(config.places()));     // without the position, every place is "other"
        }
        families = List.copyOf(published);
        boolean demo = config.settings().server().demo();
        gauge("tesla_exporter_up", "Whether the last poll reached the Fleet API and was accepted (1) or not (0)",
                () -> fleet.apiUp() ? 1 : 0);
        gauge("tesla_exporter_demo_mode", "1 when the exporter serves simulated demo cars (TESLA_DEMO=true), 0 for real data",
                () -> demo ? 1 : 0);
        gauge("tesla_exporter_monitored_vehicles", "Number of vehicles the exporter monitors", fleet::size);
        gauge("tesla_exporter_region_registration_required",
                "1 when Tesla answered 412: register the partner account in this region (see README)",
                () -> fleet.regionNotRegistered() ? 1 : 0);
        if (cluster.clustered()) {
            // local answers of Hazelcast's member list: no network on a scrape
            gauge("tesla_exporter_cluster_members", "How many members of the exporters' cluster this member sees, itself included",
                    () -> cluster.members().size());
            gauge("tesla_exporter_cluster_quorate", "1 while this member sees a majority of the cluster and reads its share"
                    + " of the cars, 0 while it is cut off and reads none", () -> cluster.quorate() ? 1 : 0);
        }
        for (Account account : accounts.accounts()) {
            registerAccount(account);
        }
    }

    /** What is registered for one account: its gauges (named, so a rename replaces them) and its error counters. */
    private final Map<String, List<MetricID>> accountSeries = new ConcurrentHashMap<>();

    /** The series of one account, named as it is named now. */
    private void registerAccount(Account account) {
        synchronized (accountSeries) {
            unregisterAccount(account.id(), false);
            Tag[] tags = {new Tag("account", account.id()), new Tag("account_name", account.name())};
            List<MetricID> ids = new java.util.ArrayList<>();
            ids.add(accountGauge("tesla_exporter_auth_ok", "Whether the account has a usable login (1) or needs one (0)",
                    () -> account.tokens().status().loggedIn() ? 1 : 0, tags));
            ids.add(accountGauge("tesla_exporter_token_saved", "0 while the account's refreshed tokens could not be"
                    + " written to its token file (the login would not survive a restart)",
                    () -> account.tokens().saved() ? 1 : 0, tags));
            ids.add(accountGauge("tesla_exporter_token_expiry_timestamp_seconds",
                    "When the account's current access token expires, Unix time (NaN if unknown)",
                    () -> account.tokens().accessTokenExpiry().map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN), tags));
            ids.add(accountGauge("tesla_account_vehicles", "Vehicles the exporter reads through this account",
                    () -> fleet.size(account.id()), tags));
            accountSeries.put(account.id(), ids);
            for (String type : KNOWN_ERROR_TYPES) {
                errors(account.id(), "", "", type);     // the account's list and login failures, at 0 from the start
            }
        }
    }

    /** Removes an account's gauges, and with {@code errorsToo} its error counters. */
    private void unregisterAccount(String id, boolean errorsToo) {
        synchronized (accountSeries) {
            List<MetricID> ids = accountSeries.remove(id);
            if (ids != null) {
                ids.forEach(registry::remove);
            }
            if (errorsToo) {
                for (String type : KNOWN_ERROR_TYPES) {
                    registry.remove(errorId(id, "", "", type));
                }
            }
        }
    }

    private MetricID accountGauge(String name, String help, Supplier<Number> value, Tag[] tags) {
        registry.gauge(metadata(name, help), value, tags);
        return new MetricID(name, tags);
    }

    void onAccount(@Observes AccountEvent event) {
        if (event instanceof AccountEvent.Removed) {
            unregisterAccount(event.account(), true);
            if (bill != null) {
                bill.forget(event.account());
            }
        } else {
            accounts.find(event.account()).ifPresent(this::registerAccount);
        }
        changed();
    }

    void onAccountFailed(@Observes FleetEvent.AccountFailed failed) {
        errors(failed.account(), "", "", failed.errorType()).inc();
        changed();
    }

    /** Made at start-up, not at the first vehicle event: the exporter's own gauges are there from the first scrape. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event creates the bean; @PostConstruct registers the gauges
    }

    void onChanged(@Observes FleetEvent.VehicleChanged changed) {
        publish(changed.vin());
    }

    void onRemoved(@Observes FleetEvent.VehicleRemoved removed) {
        publish(removed.vin());
    }

    void onFailed(@Observes FleetEvent.PollFailed failed) {
        Published p = vehicles.get(failed.vin());
        String published = p == null ? null : p.name;      // read without its lock: a String reference, at worst one rename old
        String account = p != null && p.account != null ? p.account : fleet.account(failed.vin()).orElse("");
        errors(account, failed.vin(), published != null ? published : failed.name(), failed.errorType()).inc();
        changed();
    }

    private void changed() {
        if (rendered != null) {
            rendered.changed();
        }
    }

    /**
     * Aligns the registered series of one vehicle with its {@link TrackedVehicle} in {@link FleetState}
     * (read now, so events handled out of order still end in the latest state). Work in proportion to
     * that vehicle's series.
     */
    public void publish(String vin) {
        try {
            align(vin);
        } finally {
            changed();
        }
    }

    private void align(String vin) {
        Published p = vehicles.computeIfAbsent(vin, v -> new Published());
        synchronized (p) {
            TrackedVehicle v = fleet.vehicle(vin).orElse(null);
            if (v == null) {
                p.gauges.keySet().forEach(key -> registry.remove(gaugeId(p, vin, key)));
                p.counters.forEach(registry::remove);
                vehicles.remove(vin, p);
                // the bill's counters of this vehicle: a scan, but only when a vehicle leaves the account
                registry.removeMatching((id, metric) -> OTHER_VEHICLE_COUNTERS.contains(id.getName())
                        && vin.equals(id.getTags().get("vin")));
                return;
            }
            if (p.account == null) {
                p.account = fleet.account(vin).orElse("");
            }
            String name = labelName(p, v);
            if (p.name != null && !p.name.equals(name)) {
                p.counters.forEach(registry::remove);     // renamed: the counters start again under the new name
                p.counters.clear();
                p.gauges.keySet().forEach(key -> registry.remove(gaugeId(p, vin, key)));     // and the gauges are new series
                p.gauges.clear();
            }
            if (!name.equals(p.name)) {
                p.name = name;
                p.namedAtNanos = nanoTime.getAsLong();
                for (String type : KNOWN_ERROR_TYPES) {
                    errors(p.account, vin, name, type);     // registers it at 0 and keeps its id for the removal
                }
            }
            Set<GaugeKey> now = new HashSet<>();
            for (MetricFamily family : families) {
                for (Map.Entry<List<String>, Double> sample : family.samples(v).entrySet()) {
                    GaugeKey key = new GaugeKey(family, sample.getKey());
                    now.add(key);
                    Sample s = p.gauges.get(key);
                    if (s == null) {
                        s = new Sample();
                        s.value = sample.getValue();
                        p.gauges.put(key, s);
                        gauges().gauge(metadata(family.name(), family.help()), s,
                                tags(p.account, vin, name, family.labelNames(), sample.getKey()));
                    }
                    s.value = sample.getValue();
                }
            }
            p.gauges.keySet().removeIf(key -> {
                if (now.contains(key)) {
                    return false;
                }
                registry.remove(gaugeId(p, vin, key));
                return true;
            });
        }
    }

    /** The registry's id of a vehicle's gauge, made again (call with the vehicle's monitor held). */
    private static MetricID gaugeId(Published p, String vin, GaugeKey key) {
        return new MetricID(key.family().name(), tags(p.account, vin, p.name, key.family().labelNames(), key.values()));
    }

    /** {@code tesla_exporter_poll_errors_total} of one vehicle (or, with an empty VIN, the account) and error type; registered at 0 if new. */
    private org.eclipse.microprofile.metrics.Counter errors(String account, String vin, String name, String type) {
        Published p = vehicles.get(vin);
        if (p != null) {
            synchronized (p) {
                p.counters.add(errorId(account, vin, name, type));
            }
        }
        return registry.counter(metadata(ERRORS, ERRORS_HELP), new Tag("account", account),
                new Tag("error_type", type), new Tag("vehicle_name", name), new Tag("vin", vin));
    }

    private static MetricID errorId(String account, String vin, String name, String type) {
        return new MetricID(ERRORS, new Tag("account", account), new Tag("error_type", type), new Tag("vehicle_name", name),
                new Tag("vin", vin));
    }

    private void gauge(String name, String help, Supplier<Number> value) {
        registry.gauge(metadata(name, help), value);
    }

    /** Metadata of an exporter metric: unit NONE, so the name comes out exactly as written. */
    public static Metadata metadata(String name, String help) {
        return Metadata.builder().withName(name).withDescription(help).withUnit(MetricUnits.NONE).build();
    }

    private static Tag[] tags(String account, String vin, String name, List<String> labelNames, List<String> labelValues) {
        Tag[] tags = new Tag[labelNames.size() + 3];
        tags[0] = new Tag("vin", vin);
        tags[1] = new Tag("vehicle_name", name);
        tags[2] = new Tag("account", account);
        for (int i = 0; i < labelNames.size(); i++) {
            tags[i + 3] = new Tag(labelNames.get(i), labelValues.get(i));
        }
        return tags;
    }
}
