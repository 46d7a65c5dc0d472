package org.teslaexporter.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.TestPostgres;
import org.teslaexporter.places.ChargerKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The journal on real databases: an H2 file, as by default, and PostgreSQL (Debian's, which
 * {@code .ci/run} starts and names in {@code JOURNAL_TEST_POSTGRES}; elsewhere a local one at
 * {@code jdbc:postgresql://127.0.0.1:5432/journal_test}, skipped with a notice when there is none).
 */
class JournalStoreTest {


    @TempDir
    static Path dir;

    record Database(String name, String url, String user, String password) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Database> databases() {
        return Stream.of(new Database("H2", "jdbc:h2:" + dir.resolve("journal").toAbsolutePath(), "", ""),
                new Database("PostgreSQL", TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD));
    }

    /** A store on an empty schema; PostgreSQL is required where CI named it, else skipped when absent. */
    static JournalStore fresh(Database db) throws Exception {
        if (db.name().equals("PostgreSQL")) {
            TestPostgres.freshSchema("public", "JournalStoreTest (PostgreSQL)");
        } else {
            try (var c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                c.createStatement().execute("DROP ALL OBJECTS");
            }
        }
        return JournalStore.open(db.url(), db.user(), db.password());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDaysSessionsAreStoredOnceAndReadBackAsTheyWere(Database db) throws Exception {
        List<Session> day = SessionDetectorTest.day(SessionDetectorTest.places(), Duration.ofMinutes(1));
        try (JournalStore store = fresh(db)) {
            store.save(day);
            store.save(day);       // a replay after a crash stores nothing twice
            Instant from = Instant.parse("2026-11-01T00:00:00Z");
            Instant to = Instant.parse("2026-12-01T00:00:00Z");
            List<Drive> drives = store.drives(SessionDetectorTest.VIN, from, to, 100);
            assertThat(drives).containsExactlyElementsOf(day.stream().filter(Drive.class::isInstance).map(Drive.class::cast).toList());
            assertThat(store.charges(null, from, to, 100))
                    .containsExactlyElementsOf(day.stream().filter(Charge.class::isInstance).map(Charge.class::cast).toList());
            assertThat(store.parked(null, from, to, 100))
                    .containsExactlyElementsOf(day.stream().filter(Parked.class::isInstance).map(Parked.class::cast).toList());
            assertThat(store.drives("5YJ3E1EA1KF000999", from, to, 100)).isEmpty();
            assertThat(store.drives(null, from, to, 1)).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theTotalsAreTheSumsOfEveryStoredSessionByCarPlaceAndCharger(Database db) throws Exception {
        List<Session> day = SessionDetectorTest.day(SessionDetectorTest.places(), Duration.ofMinutes(1));
        String other = "5YJ3E1EA1KF000998";
        Instant t = Instant.parse("2026-11-12T10:00:00Z");
        try (JournalStore store = fresh(db)) {
            store.save(day);
            store.save(List.of(
                    new Charge(other, t, t.plusSeconds(1200), "other", ChargerKind.SUPERCHARGER, 30.0, 150.0, 20.0, 60.0, 15.6, "EUR", null),
                    new Charge(other, t.plusSeconds(86400), t.plusSeconds(88000), "other", ChargerKind.DC, 10.0, 50.0, 50.0, 60.0,
                            null, null, "no price"),
                    new Drive(other, t.plusSeconds(3600), t.plusSeconds(4000), "other", "other", null, null, null, null, null,
                            null, null, null, null, null, null, null, "odometer unknown"),
                    new Parked(other, t.plusSeconds(4000), t.plusSeconds(9000), "other", 55.0, 56.0)));
            JournalTotals totals = store.totals();

            List<Drive> drives = day.stream().filter(Drive.class::isInstance).map(Drive.class::cast).toList();
            assertThat(totals.drives()).hasSize(2).anySatisfy(d -> {
                assertThat(d.vin()).isEqualTo(SessionDetectorTest.VIN);
                assertThat(d.count()).isEqualTo(2);
                assertThat(d.distanceKm()).isCloseTo(drives.get(0).distanceKm() + drives.get(1).distanceKm(), within(1e-9));
                assertThat(d.energyUsedKwh()).isCloseTo(drives.get(0).energyUsedKwh() + drives.get(1).energyUsedKwh(), within(1e-9));
            }).anySatisfy(d -> assertThat(d).as("a drive that knew no figure: counted, its sums unknown")
                    .isEqualTo(new JournalTotals.DriveSum(other, 1, null, null)));
            Charge home = day.stream().filter(Charge.class::isInstance).map(Charge.class::cast).findFirst().orElseThrow();
            assertThat(totals.charges()).containsExactlyInAnyOrder(
                    new JournalTotals.ChargeSum(SessionDetectorTest.VIN, "home", home.charger(), "EUR", 1, home.energyAddedKwh(),
                            home.cost()),
                    new JournalTotals.ChargeSum(other, "other", ChargerKind.SUPERCHARGER, "EUR", 1, 30.0, 15.6),
                    new JournalTotals.ChargeSum(other, "other", ChargerKind.DC, null, 1, 10.0, null));
            assertThat(totals.parked()).anySatisfy(p -> assertThat(p).as("a point gained while parked is no drain, and no loss either")
                    .isEqualTo(new JournalTotals.ParkedSum(other, 1, 0.0)));
            assertThat(totals.lastDrives()).extracting(Drive::vin, Drive::startedAt).containsExactlyInAnyOrder(
                    tuple(SessionDetectorTest.VIN, drives.get(1).startedAt()), tuple(other, t.plusSeconds(3600)));
            assertThat(totals.lastCharges()).extracting(Charge::vin, Charge::startedAt).containsExactlyInAnyOrder(
                    tuple(SessionDetectorTest.VIN, home.startedAt()), tuple(other, t.plusSeconds(86400)));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void openStatesAreReplacedAsTheyGoAndOutliveTheStore(Database db) throws Exception {
        try (JournalStore store = fresh(db)) {
            Map<String, String> states = new HashMap<>();
            states.put("5YJ3E1EA1KF000001", "{\"a\":1}");
            states.put("5YJ3E1EA1KF000002", "{\"b\":2}");
            store.saveOpen(states, Instant.parse("2026-11-10T12:00:00Z"));
            states.clear();
            states.put("5YJ3E1EA1KF000001", "{\"a\":3}");
            states.put("5YJ3E1EA1KF000002", null);
            store.saveOpen(states, Instant.parse("2026-11-10T12:00:05Z"));
        }
        // opened again, as after a restart: the schema is migrated already, the state is there
        try (JournalStore again = JournalStore.open(db.url(), db.user(), db.password())) {
            assertThat(again.openStates()).containsExactly(Map.entry("5YJ3E1EA1KF000001", "{\"a\":3}"));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aWrongPasswordIsAClearErrorWithoutThePassword(Database db) throws Exception {
        fresh(db).close();
        assumeTrue(db.name().equals("PostgreSQL"), "H2 files have no password here");
        assertThatThrownBy(() -> JournalStore.open(db.url(), db.user(), "not-the-password-42"))
                .isInstanceOf(JournalException.class)
                .hasMessageStartingWith("the journal's")
                .message().doesNotContain("not-the-password-42");
    }

    @org.junit.jupiter.api.Test
    void onlyH2AndPostgreSqlAreJournals() {
        assertThat(JournalStore.driver("jdbc:h2:/data/journal")).isEqualTo("org.h2.Driver");
        assertThat(JournalStore.driver("jdbc:postgresql://db/journal")).isEqualTo("org.postgresql.Driver");
        assertThat(JournalStore.driver("jdbc:mysql://db/journal")).isNull();
        assertThatThrownBy(() -> JournalStore.open("jdbc:sqlite:x", null, null)).isInstanceOf(JournalException.class);
    }
}
