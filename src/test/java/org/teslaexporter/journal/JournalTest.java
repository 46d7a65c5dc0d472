package org.teslaexporter.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.Fixtures;
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
 * The journal bean as the server runs it, on a real H2 file: a drive under way when the exporter
 * stops goes on as the same drive after a restart (its start is kept, one row at its end), and while
 * the database cannot be written finished sessions wait and {@code tesla_exporter_journal_ok} says 0.
 */
class JournalTest {

    static final String VIN = "5YJ3E1EA1KF000601";
    private static final VehicleDataTranslator TRANSLATOR = new VehicleDataTranslator();

    @TempDir
    Path data;

    private final Map<String, Supplier<?>> gauges = new HashMap<>();
    private final List<JournalEvent> events = new CopyOnWriteArrayList<>();

    /** The car's answer at {@code at}: in {@code gear}, the odometer at {@code km}. */
    static TrackedVehicle car(Instant at, String gear, double km) {
        String json = Fixtures.own("vehicle_data.driving.json").replace("1760000000123", Long.toString(at.toEpochMilli()))
                .replace("\"shift_state\": \"D\"", "\"shift_state\": \"" + gear + "\"")
                .replace("\"speed\": 62", "\"speed\": " + (gear.equals("P") ? 0 : 62))
                .replace("\"odometer\": 15000.5", "\"odometer\": " + km / 1.609344);
        var snapshot = TRANSLATOR.snapshot(TRANSLATOR.response(Fixtures.json(json)).orElseThrow());
        return new TrackedVehicle(new VehicleSummary(VIN, "Journal car", OnlineState.ONLINE), snapshot, at);
    }

    private final class Exporter {
        final Journal journal = new Journal();
        final FleetState fleet = TestFleets.fleet(event -> {
            if (event instanceof FleetEvent.VehicleChanged c) {
                journal.onChanged(c);
            }
        });

        Exporter(Map<String, String> env) {
            Settings settings = SettingsReader.read(name -> Optional.ofNullable(env.get(name)));
            journal.config = new ExporterConfig() {
                @Override
                public Settings settings() {
                    return settings;
                }
            };
            journal.fleet = fleet;
            journal.registry = (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MetricRegistry.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("gauge")) {
                            gauges.put(((org.eclipse.microprofile.metrics.Metadata) args[0]).getName(), (Supplier<?>) args[1]);
                        }
                        return null;
                    });
            journal.events = TestJournals.events(events::add);
            journal.start(null);
        }

        void reading(TrackedVehicle v) {
            TestFleets.put(fleet, v);
        }

        /** Parked at {@code t}, leaves a minute later, parks 10 km on at {@code t} + 10 min: a parked period and a drive end. */
        void drivesTenKm(Instant t) {
            reading(car(t, "P", 1000));
            reading(car(t.plusSeconds(60), "D", 1000));
            reading(car(t.plusSeconds(600), "P", 1010));
        }
    }

    private double gauge(String name) {
        return ((Number) gauges.get(name).get()).doubleValue();
    }

    @Test
    void aDriveUnderWayAtAStopGoesOnAsTheSameDriveAfterTheRestart() throws Exception {
        Map<String, String> env = Map.of("DATA_DIR", data.toString(), "TOKEN_FILE_PATH", data.resolve("token.json").toString());
        Instant t = Instant.parse("2026-11-10T07:00:00Z");
        Exporter first = new Exporter(env);
        first.reading(car(t, "P", 1000));
        first.reading(car(t.plusSeconds(60), "D", 1000));
        first.reading(car(t.plusSeconds(120), "D", 1001));
        first.journal.flush();
        assertThat(gauge("tesla_exporter_journal_ok")).isEqualTo(1.0);
        first.journal.stop();      // the exporter stops in the middle of the drive

        Exporter second = new Exporter(env);
        second.reading(car(t.plusSeconds(600), "D", 1008));
        second.reading(car(t.plusSeconds(900), "P", 1012.5));
        second.journal.flush();
        var drives = second.journal.store().orElseThrow().drives(VIN, t.minusSeconds(3600), t.plusSeconds(3600), 10);
        assertThat(drives).singleElement().satisfies(d -> {
            assertThat(d.startedAt()).as("the drive's start from before the restart").isEqualTo(t.plusSeconds(60));
            assertThat(d.endedAt()).isEqualTo(t.plusSeconds(900));
            assertThat(d.distanceKm()).isCloseTo(12.5, within(1e-6));
            assertThat(d.maxSpeedKmh()).isCloseTo(62 * 1.609344, within(1e-6));
        });
        assertThat(second.journal.store().orElseThrow().parked(VIN, t.minusSeconds(3600), t.plusSeconds(3600), 10))
                .singleElement().satisfies(p -> assertThat(p.endedAt()).isEqualTo(t.plusSeconds(60)));
        second.journal.stop();
    }

    @Test
    void theCountersStartFromWhatTheJournalHoldsAndCountEachSessionOnce() throws Exception {
        Map<String, String> env = Map.of("DATA_DIR", data.toString(), "TOKEN_FILE_PATH", data.resolve("token.json").toString());
        Instant t = Instant.parse("2026-11-10T07:00:00Z");
        Exporter first = new Exporter(env);
        first.journal.flush();
        assertThat(events).as("an empty journal: sums of nothing, first of all").singleElement()
                .isEqualTo(new JournalEvent.Counted(new JournalTotals(List.of(), List.of(), List.of(), List.of(), List.of())));
        first.drivesTenKm(t);
        first.journal.flush();
        assertThat(events.subList(1, events.size())).as("then each stored session, once")
                .allSatisfy(e -> assertThat(e).isInstanceOf(JournalEvent.Stored.class))
                .flatMap(e -> ((JournalEvent.Stored) e).sessions()).extracting(Session::getClass)
                .containsExactlyInAnyOrder(Drive.class, Parked.class);
        first.journal.stop();

        events.clear();
        Exporter second = new Exporter(env);
        second.journal.flush();
        assertThat(events).singleElement().isInstanceOfSatisfying(JournalEvent.Counted.class, c -> {
            assertThat(c.totals().drives()).singleElement().satisfies(d -> {
                assertThat(d.count()).isEqualTo(1);
                assertThat(d.distanceKm()).isCloseTo(10.0, within(1e-6));
            });
            assertThat(c.totals().lastDrives()).singleElement().satisfies(d -> assertThat(d.startedAt()).isEqualTo(t.plusSeconds(60)));
        });
        // the same sessions again (a replay after a crash) are not stored, nor counted, twice
        JournalStore store = second.journal.store().orElseThrow();
        assertThat(store.save(store.drives(VIN, t.minusSeconds(3600), t.plusSeconds(3600), 10).stream().map(Session.class::cast)
                .toList())).isEmpty();
        second.journal.stop();
    }

    @Test
    void withoutTheLocationTheJournalHoldsNoCoordinatesAndEveryPlaceIsOther() throws Exception {
        Map<String, String> env = Map.of("DATA_DIR", data.toString(), "TOKEN_FILE_PATH", data.resolve("token.json").toString(),
                "METRICS_LOCATION", "false");
        Instant t = Instant.parse("2026-11-10T07:00:00Z");
        Exporter exporter = new Exporter(env);
        exporter.drivesTenKm(t);
        exporter.journal.flush();
        assertThat(exporter.journal.store().orElseThrow().drives(VIN, t.minusSeconds(3600), t.plusSeconds(3600), 10))
                .singleElement().satisfies(d -> {
                    assertThat(d.distanceKm()).isCloseTo(10.0, within(1e-6));
                    assertThat(java.util.Arrays.asList(d.startLatitude(), d.startLongitude(), d.endLatitude(), d.endLongitude()))
                            .as("the fixture's car has a position; the journal keeps none").containsOnlyNulls();
                    assertThat(d.startPlace()).isEqualTo("other");
                    assertThat(d.endPlace()).isEqualTo("other");
                });
        try (var c = java.sql.DriverManager.getConnection(exporter.journal.config.settings().journal().jdbcUrl(), "", "")) {
            var r = c.createStatement().executeQuery("SELECT COUNT(*) FROM journal_open_session WHERE state LIKE '%latitude\":%'"
                    + " AND state NOT LIKE '%latitude\":null%'");
            r.next();
            assertThat(r.getLong(1)).as("nor does a session's stored state").isZero();
        }
        exporter.journal.stop();
    }

    @Test
    void whileTheDatabaseCannotBeWrittenSessionsWaitAndThePollerGoesOn() throws Exception {
        // a PostgreSQL where nothing listens: every write fails at once
        Exporter exporter = new Exporter(Map.of("DATA_DIR", data.toString(), "TOKEN_FILE_PATH", data.resolve("token.json").toString(),
                "JOURNAL_JDBC_URL", "jdbc:postgresql://127.0.0.1:9/journal?connectTimeout=1"));
        Instant t = Instant.parse("2026-11-10T07:00:00Z");
        exporter.drivesTenKm(t);       // a drive and a parked period end
        exporter.journal.flush();
        assertThat(gauge("tesla_exporter_journal_ok")).isEqualTo(0.0);
        assertThat(gauge("tesla_exporter_journal_waiting_sessions")).isEqualTo(2.0);
        assertThat(exporter.journal.problem()).isNotBlank();
        assertThat(events).as("nothing counted: the totals are unknown, not 0").isEmpty();
        exporter.journal.stop();
    }
}
