package org.teslaexporter.setup;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.teslaexporter.journal.Charge;
import org.teslaexporter.journal.Drive;

/**
 * The journal as CSV (RFC 4180): a header row naming each column with its unit, one row per
 * session, ISO-8601 UTC times, numbers with a dot, an unknown value as an empty cell. A text cell
 * that a spreadsheet would read as a formula (= + - @ first) is prefixed with an apostrophe.
 */
final class JournalCsv {

    record Column<T>(String name, Function<T, Object> value) {
    }

    static final List<Column<Drive>> DRIVES = List.of(
            new Column<>("vin", Drive::vin), new Column<>("started_at", Drive::startedAt), new Column<>("ended_at", Drive::endedAt),
            new Column<>("start_place", Drive::startPlace), new Column<>("end_place", Drive::endPlace),
            new Column<>("start_latitude", Drive::startLatitude), new Column<>("start_longitude", Drive::startLongitude),
            new Column<>("end_latitude", Drive::endLatitude), new Column<>("end_longitude", Drive::endLongitude),
            new Column<>("distance_km", Drive::distanceKm), new Column<>("duration_min", d -> minutes(d.startedAt(), d.endedAt())),
            new Column<>("start_soc_percent", Drive::startSocPercent), new Column<>("end_soc_percent", Drive::endSocPercent),
            new Column<>("start_rated_range_km", Drive::startRatedRangeKm), new Column<>("end_rated_range_km", Drive::endRatedRangeKm),
            new Column<>("energy_used_kwh", Drive::energyUsedKwh), new Column<>("efficiency_wh_per_km", Drive::whPerKm),
            new Column<>("max_speed_kmh", Drive::maxSpeedKmh), new Column<>("average_speed_kmh", Drive::averageSpeedKmh),
            new Column<>("note", Drive::note));

    static final List<Column<Charge>> CHARGES = List.of(
            new Column<>("vin", Charge::vin), new Column<>("started_at", Charge::startedAt), new Column<>("ended_at", Charge::endedAt),
            new Column<>("place", Charge::place), new Column<>("charger", c -> c.charger().current()),
            new Column<>("charger_kind", c -> c.charger().key()), new Column<>("energy_added_kwh", Charge::energyAddedKwh),
            new Column<>("max_power_kw", Charge::maxPowerKw), new Column<>("start_soc_percent", Charge::startSocPercent),
            new Column<>("end_soc_percent", Charge::endSocPercent), new Column<>("cost", Charge::cost),
            new Column<>("currency", Charge::currency), new Column<>("note", Charge::note));

    private JournalCsv() {
    }

    static <T> String write(List<Column<T>> columns, List<T> rows) {
        StringBuilder out = new StringBuilder(256 + rows.size() * 200);
        for (int i = 0; i < columns.size(); i++) {
            out.append(i == 0 ? "" : ",").append(columns.get(i).name());
        }
        out.append("\r\n");
        for (T row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                out.append(i == 0 ? "" : ",").append(cell(columns.get(i).value().apply(row)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "" : String.format(Locale.ROOT, "%.3f", d).replaceAll("\\.?0+$", "");
        }
        if (v instanceof Instant t) {
            return t.toString();
        }
        String text = v.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static Double minutes(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli()) / 60_000.0;
    }
}
