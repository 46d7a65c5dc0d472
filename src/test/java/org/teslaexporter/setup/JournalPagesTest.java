package org.teslaexporter.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.teslaexporter.journal.Charge;
import org.teslaexporter.journal.Drive;
import org.teslaexporter.places.ChargerKind;

/** The Trips &amp; charges page and the CSV downloads: figures, totals by place, units in the header, bounds of a request. */
class JournalPagesTest {

    static final String VIN = "5YJ3E1EA1KF000701";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Drive drive(String start, String end, double km, Double kwh, String note) {
        return new Drive(VIN, Instant.parse(start), Instant.parse(end), "home", "work", 52.52, 13.405, 52.48, 13.33, km, 70.0, 66.0,
                350.0, 330.0, kwh, 60.0, 40.0, note);
    }

    static Charge charge(String place, double kwh, Double cost) {
        return new Charge(VIN, Instant.parse("2026-11-10T21:00:00Z"), Instant.parse("2026-11-11T00:00:00Z"), place, ChargerKind.AC,
                kwh, 11.0, 50.0, 90.0, cost, cost == null ? null : "EUR", null);
    }

    @Test
    void aMonthShowsEachDriveAndChargeAndTheTotalsByPlace() {
        var view = JournalView.of(YearMonth.of(2026, 11), BERLIN, Map.of(VIN, "Blue Comet"),
                List.of(drive("2026-11-10T06:30:00Z", "2026-11-10T07:00:00Z", 20, 3.0, null),
                        drive("2026-11-10T16:00:00Z", "2026-11-10T16:40:00Z", 24, 3.6, "=1+1 a note")),
                List.of(charge("home", 33, 7.7), charge("home", 10, 3.2), charge("other", 5, null)), true, null);
        assertThat(view.previous()).isEqualTo("2026-10");
        assertThat(view.next()).isEqualTo("2026-12");
        assertThat(view.cars()).singleElement().satisfies(car -> {
            assertThat(car.name()).isEqualTo("Blue Comet");
            assertThat(car.distance()).isEqualTo("44.0 km");
            assertThat(car.energyUsed()).isEqualTo("6.60 kWh");
            assertThat(car.efficiency()).isEqualTo("150 Wh/km");
            assertThat(car.energyAdded()).isEqualTo("48.00 kWh");
            assertThat(car.costs()).containsExactly("home 10.90 EUR");
            assertThat(car.drives().get(0).start()).as("in the places' time zone").isEqualTo("2026-11-10 07:30");
            assertThat(car.charges().get(2).cost()).isEqualTo("—");
        });
        String html = Pages.render(view);
        assertThat(html).contains("<strong>2026-11</strong>", "href=\"/setup/journal?month=2026-10\"", "home 10.90 EUR",
                "<td>20.0 km</td>", "=1+1 a note", "href=\"/setup/journal/drives.csv\"");
        String empty = Pages.render(JournalView.of(YearMonth.of(2026, 11), BERLIN, Map.of(), List.of(), List.of(), false,
                "Connection refused"));
        assertThat(empty).contains("id=\"journal-empty\"", "id=\"journal-problem\"", "Connection refused");
    }

    @Test
    void theCsvNamesEachColumnWithItsUnitAndEachSessionIsARow() {
        String drives = JournalCsv.write(JournalCsv.DRIVES, List.of(drive("2026-11-10T06:30:00Z", "2026-11-10T07:00:00Z", 20, null,
                "=HYPERLINK(\"x\"), \"quoted\"")));
        String[] lines = drives.split("\r\n");
        assertThat(lines[0]).startsWith("vin,started_at,ended_at,start_place,end_place,").contains(",distance_km,duration_min,",
                ",energy_used_kwh,efficiency_wh_per_km,");
        assertThat(lines[1]).startsWith(VIN + ",2026-11-10T06:30:00Z,2026-11-10T07:00:00Z,home,work,52.52,13.405,52.48,13.33,20,30,")
                .contains(",,,")          // no energy: empty cells, never 0
                .endsWith(",\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\"");     // no formula, quotes doubled
        String charges = JournalCsv.write(JournalCsv.CHARGES, List.of(charge("home", 33, 7.7)));
        assertThat(charges.split("\r\n")[0]).isEqualTo("vin,started_at,ended_at,place,charger,charger_kind,energy_added_kwh,"
                + "max_power_kw,start_soc_percent,end_soc_percent,cost,currency,note");
        assertThat(charges.split("\r\n")[1]).isEqualTo(VIN + ",2026-11-10T21:00:00Z,2026-11-11T00:00:00Z,home,ac,ac,33,11,50,90,7.7,EUR,");
    }

    @Test
    void aRequestsBoundsAreDatesInThePlacesTimeZoneOrItIsRefused() {
        var q = JournalServlet.Query.parse(VIN, "2026-11-01", "2026-11-30", BERLIN);
        assertThat(q.refused()).isNull();
        assertThat(q.from()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(q.to()).as("to is included").isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(JournalServlet.Query.parse(null, null, null, BERLIN).vin()).isNull();
        assertThat(JournalServlet.Query.parse("x' OR 1=1 --", null, null, BERLIN).refused()).startsWith("vin is not a VIN");
        assertThat(JournalServlet.Query.parse(null, "yesterday", null, BERLIN).refused()).startsWith("from and to are dates");
        assertThat(JournalServlet.Query.parse(null, "2026-12-01", "2026-11-01", BERLIN).refused()).isEqualTo("from is after to");
    }
}
