package org.teslaexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.Fixtures;
import org.teslaexporter.accounts.TestAccounts;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;
import org.teslaexporter.polling.FleetEvent;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.polling.TestFleets;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * Per-car publishing against a recording registry: a change of one car registers, updates and
 * removes that car's series alone; gauges read a stored number; error counters start at 0.
 */
class MetricsPublisherTest {

    static final String A = "5YJ3E1EA1KF000401";
    static final String B = "5YJ3E1EA1KF000402";
    private static final VehicleDataTranslator TRANSLATOR = new VehicleDataTranslator();

    /** What the registry holds, and every call made to it. */
    private final Map<MetricID, Object> registered = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private MetricsPublisher publisher;
    private FleetState fleet;
    @TempDir
    java.nio.file.Path dataDir;

    private final MetricRegistry registry = (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MetricRegistry.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "gauge" -> {
                        var md = (org.eclipse.microprofile.metrics.Metadata) args[0];
                        MetricID id = new MetricID(md.getName(), (Tag[]) args[args.length - 1]);
                        calls.add("gauge " + id.getName() + " " + id.getTags().get("vin"));
                        registered.putIfAbsent(id, args[1]);
                        return null;
                    }
                    case "counter" -> {
                        var md = (org.eclipse.microprofile.metrics.Metadata) args[0];
                        MetricID id = new MetricID(md.getName(), (Tag[]) args[1]);
                        return registered.computeIfAbsent(id, k -> new long[1]) instanceof long[] count
                                ? counter(count) : null;
                    }
                    case "remove" -> {
                        MetricID id = (MetricID) args[0];
                        calls.add("remove " + id.getName() + " " + id.getTags().get("vin"));
                        return registered.remove(id) != null;
                    }
                    case "removeMatching" -> {
                        calls.add("removeMatching");
                        return null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                }
            });

    private static Counter counter(long[] count) {
        return (Counter) Proxy.newProxyInstance(MetricsPublisherTest.class.getClassLoader(), new Class<?>[] {Counter.class},
                (p, m, a) -> switch (m.getName()) {
                    case "inc" -> {
                        count[0] += a == null ? 1 : (long) a[0];
                        yield null;
                    }
                    case "getCount" -> count[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @BeforeEach
    void start() {
        Settings settings = SettingsReader.read(name -> Optional.ofNullable(name.equals("DATA_DIR") ? dataDir.toString() : null));
        publisher = new MetricsPublisher();
        publisher.registry = registry;
        publisher.config = new ExporterConfig() {
            @Override
            public Settings settings() {
                return settings;
            }
        };
        publisher.accounts = TestAccounts.registry(publisher.config, null, event -> { });
        fleet = TestFleets.fleet(event -> {
            if (event instanceof FleetEvent.VehicleChanged c) {
                publisher.onChanged(c);
            } else if (event instanceof FleetEvent.VehicleRemoved r) {
                publisher.onRemoved(r);
            } else if (event instanceof FleetEvent.PollFailed f) {
                publisher.onFailed(f);
            }
        });
        publisher.fleet = fleet;
        publisher.cluster = org.teslaexporter.cluster.Cluster.ALONE;
        publisher.registerExporterGauges();
        calls.clear();
    }

    private static TrackedVehicle car(String vin, String name, String fixture) {
        var summary = new VehicleSummary(vin, name, OnlineState.ONLINE);
        if (fixture == null) {
            return new TrackedVehicle(summary, null, null);
        }
        var snapshot = TRANSLATOR.snapshot(TRANSLATOR.response(Fixtures.json(Fixtures.own(fixture))).orElseThrow());
        return new TrackedVehicle(summary, snapshot, Instant.parse("2026-11-28T12:00:00Z"));
    }

    private Double value(String name, String vin, Tag... more) {
        Tag[] tags = new Tag[more.length + 3];
        tags[0] = new Tag("vin", vin);
        tags[1] = new Tag("vehicle_name", vin.equals(A) ? "Alpha" : "Beta");
        tags[2] = new Tag("account", TestFleets.ACCOUNT);
        System.arraycopy(more, 0, tags, 3, more.length);
        Object gauge = registered.get(new MetricID(name, tags));
        return gauge == null ? null : ((Supplier<?>) gauge).get() instanceof Number n ? n.doubleValue() : null;
    }

    @Test
    void aChangeOfOneCarTouchesThatCarsSeriesAlone() {
        TestFleets.put(fleet, car(A, "Alpha", "vehicle_data.driving.json"));
        TestFleets.put(fleet, car(B, "Beta", "vehicle_data.driving.json"));
        assertThat(value("tesla_battery_level_percent", A)).isEqualTo(64.0);
        calls.clear();

        TestFleets.put(fleet, car(A, "Alpha", "vehicle_data.charging_odd.json"));
        assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(c).endsWith(" " + A));
        assertThat(calls).as("no registry scan in a poll step").doesNotContain("removeMatching");
        assertThat(value("tesla_speed_kmh", A)).as("became unknown: removed").isNull();
        assertThat(value("tesla_speed_kmh", B)).isNotNull();
        assertThat(value("tesla_charging_state", A, new Tag("state", "Starting"))).isEqualTo(1.0);
    }

    @Test
    void anUnchangedSetOfSeriesIsUpdatedInPlaceWithoutRegistering() {
        TestFleets.put(fleet, car(A, "Alpha", "vehicle_data.driving.json"));
        calls.clear();
        TrackedVehicle moved = car(A, "Alpha", "vehicle_data.driving.json");
        TestFleets.put(fleet, new TrackedVehicle(moved.summary(), moved.snapshot(), Instant.parse("2026-11-28T12:05:00Z")));
        assertThat(calls).as("same series: values change in place, nothing is registered or removed").isEmpty();
        assertThat(value("tesla_exporter_last_successful_poll_timestamp_seconds", A))
                .isEqualTo(Instant.parse("2026-11-28T12:05:00Z").getEpochSecond());
    }

    @Test
    void errorCountersStartAtZeroAndACarThatLeavesTakesAllItsSeries() {
        TestFleets.put(fleet, car(A, "Alpha", "vehicle_data.driving.json"));
        for (String type : MetricsPublisher.KNOWN_ERROR_TYPES) {
            MetricID id = new MetricID(MetricsPublisher.ERRORS, new Tag("account", TestFleets.ACCOUNT),
                    new Tag("error_type", type), new Tag("vehicle_name", "Alpha"),
                    new Tag("vin", A));
            assertThat(registered.get(id)).as(type).isInstanceOf(long[].class).satisfies(c -> assertThat(((long[]) c)[0]).isZero());
        }
        assertThat(registered.keySet()).as("the account's counters too")
                .contains(new MetricID(MetricsPublisher.ERRORS, new Tag("account", "default"), new Tag("error_type", "network"),
                        new Tag("vehicle_name", ""), new Tag("vin", "")));
        publisher.onFailed(new FleetEvent.PollFailed(A, "Alpha", "timeout"));
        assertThat(((long[]) registered.get(new MetricID(MetricsPublisher.ERRORS, new Tag("account", TestFleets.ACCOUNT),
                new Tag("error_type", "timeout"),
                new Tag("vehicle_name", "Alpha"), new Tag("vin", A))))[0]).isEqualTo(1);

        TestFleets.remove(fleet, A);
        assertThat(registered.keySet()).noneMatch(id -> A.equals(id.getTags().get("vin")));
    }

    private boolean hasName(String vin, String name) {
        return registered.keySet().stream().anyMatch(id -> vin.equals(id.getTags().get("vin"))
                && name.equals(id.getTags().get("vehicle_name")) && id.getName().equals("tesla_battery_level_percent"));
    }

    @Test
    void aStreamOfRenamesChangesTheCarsSeriesAtMostOnceInTenMinutes() {
        long[] now = {0};
        publisher.nanoTime = () -> now[0];
        TestFleets.put(fleet, car(A, "Alpha", "vehicle_data.driving.json"));
        for (int i = 0; i < 100; i++) {
            now[0] += java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            TestFleets.put(fleet, car(A, "Renamed " + i, "vehicle_data.driving.json"));
        }
        assertThat(hasName(A, "Alpha")).as("500 s of renames every 5 s: the first name stays").isTrue();
        assertThat(registered.keySet().stream().filter(id -> A.equals(id.getTags().get("vin")))
                .map(id -> id.getTags().get("vehicle_name")).distinct()).containsExactly("Alpha");

        now[0] += MetricsPublisher.MIN_RENAME_INTERVAL.toNanos();
        TestFleets.put(fleet, car(A, "Blue", "vehicle_data.driving.json"));
        assertThat(hasName(A, "Blue")).as("ten minutes on, the new name is published").isTrue();
        assertThat(hasName(A, "Alpha")).isFalse();
        publisher.onFailed(new FleetEvent.PollFailed(A, "Someone else", "timeout"));
        assertThat(registered.keySet()).as("errors are counted under the published name")
                .contains(new MetricID(MetricsPublisher.ERRORS, new Tag("account", TestFleets.ACCOUNT),
                        new Tag("error_type", "timeout"), new Tag("vehicle_name", "Blue"), new Tag("vin", A)))
                .doesNotContain(new MetricID(MetricsPublisher.ERRORS, new Tag("account", TestFleets.ACCOUNT),
                        new Tag("error_type", "timeout"), new Tag("vehicle_name", "Someone else"), new Tag("vin", A)));
    }
}
