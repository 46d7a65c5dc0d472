package org.teslaexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.teslaexporter.journal.Charge;
import org.teslaexporter.journal.Drive;
import org.teslaexporter.journal.JournalEvent;
import org.teslaexporter.journal.JournalTotals;
import org.teslaexporter.journal.Parked;
import org.teslaexporter.places.ChargerKind;

/**
 * The journal's series in Payara's own registry: they start from the database's sums and grow by
 * each stored session; unknown figures leave a series out rather than add 0; a car's last charge
 * is the one that started last, whatever order they are stored in.
 */
class JournalMetricsTest {

    static final String VIN = "5YJ3E1EA1KF000701";
    static final Instant T = Instant.parse("2026-11-20T07:00:00Z");

    private URLClassLoader payara;
    private MetricRegistry registry;
    private final JournalMetrics metrics = new JournalMetrics();

    @BeforeEach
    void open() throws Throwable {
        payara = MetricsPageTest.payaraMetrics();
        registry = MetricsPageTest.registry(MetricsPageTest.context(payara), MetricRegistry.APPLICATION_SCOPE);
        metrics.registry = registry;
    }

    @AfterEach
    void close() throws IOException {
        payara.close();
    }

    private Double gauge(String name, Tag... tags) {
        var g = registry.getGauge(new MetricID(name, tags));
        return g == null ? null : g.getValue().doubleValue();
    }

    private Long counter(String name, Tag... tags) {
        var c = registry.getCounter(new MetricID(name, tags));
        return c == null ? null : c.getCount();
    }

    private static Tag[] charge(String place, String charger) {
        return new Tag[] {new Tag("vin", VIN), new Tag("place", place), new Tag("charger", charger)};
    }

    private static Tag[] cost(String place, String charger) {
        return new Tag[] {new Tag("vin", VIN), new Tag("place", place), new Tag("charger", charger), new Tag("currency", "EUR")};
    }

    private static Charge homeCharge(Instant at, double kwh, Double cost) {
        return new Charge(VIN, at, at.plusSeconds(3600), "home", ChargerKind.AC, kwh, 11.0, 40.0, 80.0, cost, cost == null ? null : "EUR",
                null);
    }

    @Test
    void theTotalsStartFromTheJournalsSumsAndGrowByEachStoredSession() {
        Tag vin = new Tag("vin", VIN);
        assertThat(registry.getMetrics()).as("nothing before the journal could be read: unknown, not 0").isEmpty();
        metrics.onCounted(new JournalEvent.Counted(new JournalTotals(
                List.of(new JournalTotals.DriveSum(VIN, 40, 1234.5, null)),
                List.of(new JournalTotals.ChargeSum(VIN, "home", ChargerKind.AC, "EUR", 12, 300.0, 60.0),
                        new JournalTotals.ChargeSum(VIN, "other", ChargerKind.SUPERCHARGER, "EUR", 2, 80.0, 41.6),
                        new JournalTotals.ChargeSum(VIN, "other", ChargerKind.DC, null, 1, 20.0, null)),
                List.of(new JournalTotals.ParkedSum(VIN, 30, 12.0)), List.of(), List.of(homeCharge(T, 30, 6.0)))));
        assertThat(counter(JournalMetrics.DRIVES, vin)).isEqualTo(40);
        assertThat(gauge(JournalMetrics.DRIVE_DISTANCE, vin)).isEqualTo(1234.5);
        assertThat(gauge(JournalMetrics.DRIVE_ENERGY, vin)).as("no drive knew its energy").isNull();
        assertThat(counter(JournalMetrics.CHARGES, charge("other", "dc"))).as("a Supercharger and another DC charger: dc").isEqualTo(3);
        assertThat(gauge(JournalMetrics.CHARGE_ENERGY, charge("other", "dc"))).isEqualTo(100.0);
        assertThat(gauge(JournalMetrics.CHARGE_COST, cost("other", "dc"))).as("the unpriced charge adds no cost").isEqualTo(41.6);
        assertThat(gauge(JournalMetrics.LAST_CHARGE_COST, vin, new Tag("currency", "EUR"))).isEqualTo(6.0);

        metrics.onStored(new JournalEvent.Stored(List.of(
                new Drive(VIN, T.plusSeconds(7200), T.plusSeconds(9000), "home", "work", null, null, null, null, 20.0, 80.0, 76.0,
                        400.0, 380.0, 3.2, 110.0, 40.0, null),
                new Parked(VIN, T.plusSeconds(9000), T.plusSeconds(40000), "work", 76.0, 75.0),
                homeCharge(T.plusSeconds(50000), 10, null))));
        assertThat(counter(JournalMetrics.DRIVES, vin)).isEqualTo(41);
        assertThat(gauge(JournalMetrics.DRIVE_DISTANCE, vin)).isEqualTo(1254.5);
        assertThat(gauge(JournalMetrics.DRIVE_ENERGY, vin)).as("the first drive that knew it").isEqualTo(3.2);
        assertThat(gauge(JournalMetrics.LAST_EFFICIENCY, vin)).isCloseTo(160.0, within(1e-9));
        assertThat(gauge(JournalMetrics.PARKED_LOST, vin)).isEqualTo(13.0);
        assertThat(counter(JournalMetrics.CHARGES, charge("home", "ac"))).isEqualTo(13);
        assertThat(gauge(JournalMetrics.CHARGE_ENERGY, charge("home", "ac"))).isEqualTo(310.0);
        assertThat(gauge(JournalMetrics.CHARGE_COST, cost("home", "ac"))).isEqualTo(60.0);
        assertThat(gauge(JournalMetrics.LAST_CHARGE_ENERGY, vin)).isEqualTo(10.0);
        assertThat(gauge(JournalMetrics.LAST_CHARGE_COST, vin, new Tag("currency", "EUR")))
                .as("the last charge had no price: its cost is unknown, not the one before").isNull();

        metrics.onStored(new JournalEvent.Stored(List.of(homeCharge(T.plusSeconds(20000), 5, 1.0))));
        assertThat(gauge(JournalMetrics.LAST_CHARGE_ENERGY, vin)).as("an older charge stored late is not the last").isEqualTo(10.0);
        assertThat(gauge(JournalMetrics.CHARGE_COST, cost("home", "ac"))).as("but it is counted").isEqualTo(61.0);
    }
}
