package org.teslaexporter.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.Promtool;
import org.teslaexporter.it.MetricsText;
import org.teslaexporter.journal.JournalEvent;
import org.teslaexporter.journal.JournalStore;
import org.teslaexporter.journal.JournalTotals;
import org.teslaexporter.journal.Session;
import org.teslaexporter.journal.TestJournals;
import org.teslaexporter.metrics.TestJournalMetrics;

/**
 * Issue 17's day, end to end from the journal: a simulated commuting day (drive to work, park, drive
 * home, charge at home across the 23:00 tariff change), read every minute, stored in a real H2 journal
 * and read back — two drives of 20 and 24 km and one charge of 33 kWh costing 7.70 EUR at home, on
 * {@code /metrics} (Payara's writer), on the Trips and charges page and in both CSV files.
 */
class CommutingDayTest {

    static final String VIN = "5YJ3E1EA1KF000501";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    @Test
    void twoDrivesAndOneChargeAtHomeOnMetricsThePageAndBothCsvFiles() throws Throwable {
        List<Session> day = TestJournals.commutingDay(Duration.ofMinutes(1));
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Instant to = Instant.parse("2026-12-01T00:00:00Z");
        try (JournalStore store = JournalStore.open("jdbc:h2:" + dir.resolve("journal").toAbsolutePath(), "", "");
             TestJournalMetrics metrics = TestJournalMetrics.open()) {
            metrics.accept(new JournalEvent.Counted(store.totals()));       // an empty journal at the start
            List<Session> stored = store.save(day);
            metrics.accept(new JournalEvent.Stored(stored));
            var drives = store.drives(VIN, from, to, 100);
            var charges = store.charges(VIN, from, to, 100);

            String page = metrics.page();
            Promtool.checkMetrics(page);
            String vin = "vin=\"" + VIN + "\"";
            assertThat(MetricsText.value(page, "tesla_drives_total", vin)).contains(2.0);
            assertThat(MetricsText.value(page, "tesla_drive_distance_km_total", vin).orElseThrow()).isCloseTo(44.0, within(1e-6));
            assertThat(MetricsText.value(page, "tesla_charges_total", vin, "place=\"home\"", "charger=\"ac\"")).contains(1.0);
            assertThat(MetricsText.value(page, "tesla_charge_energy_added_kwh_total", vin, "place=\"home\"").orElseThrow())
                    .isCloseTo(33.0, within(1e-6));
            assertThat(MetricsText.value(page, "tesla_charge_cost_total", vin, "place=\"home\"", "currency=\"EUR\"").orElseThrow())
                    .as("11 kWh at 0.32 before 23:00, 22 at 0.19 after").isCloseTo(7.70, within(1e-6));
            assertThat(MetricsText.value(page, "tesla_last_drive_distance_km", vin).orElseThrow()).isCloseTo(24.0, within(1e-6));
            // and a restart counts from the journal: the same figures
            try (TestJournalMetrics restarted = TestJournalMetrics.open()) {
                JournalTotals totals = store.totals();
                restarted.accept(new JournalEvent.Counted(totals));
                String again = restarted.page();
                for (String family : List.of("tesla_drives_total", "tesla_drive_distance_km_total", "tesla_charge_cost_total")) {
                    assertThat(MetricsText.value(again, family, vin)).as(family).isEqualTo(MetricsText.value(page, family, vin));
                }
            }

            var view = JournalView.of(YearMonth.of(2026, 11), BERLIN, Map.of(VIN, "Commuter"), drives, charges, true, null);
            assertThat(view.cars()).singleElement().satisfies(car -> {
                assertThat(car.drives()).extracting(JournalView.DriveRow::from, JournalView.DriveRow::to)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("home", "work"), org.assertj.core.groups.Tuple.tuple("work", "home"));
                assertThat(car.distance()).isEqualTo("44.0 km");
                assertThat(car.energyAdded()).isEqualTo("33.00 kWh");
                assertThat(car.costs()).containsExactly("home 7.70 EUR");
            });
            assertThat(Pages.render(view)).contains("<td>20.0 km</td>", "<td>24.0 km</td>", "home 7.70 EUR");

            String[] driveRows = JournalCsv.write(JournalCsv.DRIVES, drives).split("\r\n");
            assertThat(driveRows).hasSize(3);
            assertThat(driveRows[1]).startsWith(VIN + ",").contains(",home,work,").contains(",20,");
            assertThat(driveRows[2]).contains(",work,home,").contains(",24,");
            String[] chargeRows = JournalCsv.write(JournalCsv.CHARGES, charges).split("\r\n");
            assertThat(chargeRows).hasSize(2);
            assertThat(chargeRows[1]).startsWith(VIN + ",").contains(",home,ac,ac,33,").contains(",7.7,EUR,");
        }
    }
}
