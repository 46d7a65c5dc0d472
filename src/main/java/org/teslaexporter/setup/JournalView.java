package org.teslaexporter.setup;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.teslaexporter.journal.Charge;
import org.teslaexporter.journal.Drive;

/**
 * The Trips &amp; charges page ({@code journal.jte}): one month, per car every drive and charge with
 * its figures and the month's totals (km, kWh, cost by place, average Wh/km). Times in the places'
 * time zone. Built by {@link #of}, a plain function; every value is text.
 */
public record JournalView(String month, String previous, String next, String zone, boolean ok, String problem,
        List<CarMonth> cars) implements PageView {

    @Override
    public String template() {
        return "journal";
    }

    /** One car's month. {@code costs}: "home 12.40 EUR", … (empty: nothing priced). */
    public record CarMonth(String vin, String name, List<DriveRow> drives, List<ChargeRow> charges, String distance,
            String energyUsed, String efficiency, String energyAdded, List<String> costs) {
    }

    public record DriveRow(String start, String end, String from, String to, String distance, String energy, String efficiency,
            String note) {
    }

    public record ChargeRow(String start, String end, String place, String charger, String energy, String cost, String note) {
    }

    static JournalView of(YearMonth month, ZoneId zone, Map<String, String> names, List<Drive> drives, List<Charge> charges,
            boolean ok, String problem) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        Map<String, List<Drive>> drivesByCar = new TreeMap<>();
        drives.forEach(d -> drivesByCar.computeIfAbsent(d.vin(), v -> new ArrayList<>()).add(d));
        Map<String, List<Charge>> chargesByCar = new TreeMap<>();
        charges.forEach(c -> chargesByCar.computeIfAbsent(c.vin(), v -> new ArrayList<>()).add(c));
        java.util.SortedSet<String> vins = new java.util.TreeSet<>(drivesByCar.keySet());
        vins.addAll(chargesByCar.keySet());
        List<CarMonth> cars = new ArrayList<>();
        for (String vin : vins) {
            List<Drive> ds = drivesByCar.getOrDefault(vin, List.of());
            List<Charge> cs = chargesByCar.getOrDefault(vin, List.of());
            double km = 0;
            double kwh = 0;
            double kmWithEnergy = 0;
            for (Drive d : ds) {
                km += d.distanceKm() == null ? 0 : d.distanceKm();
                if (d.distanceKm() != null && d.energyUsedKwh() != null) {
                    kwh += d.energyUsedKwh();
                    kmWithEnergy += d.distanceKm();
                }
            }
            double added = 0;
            Map<String, Double> costs = new LinkedHashMap<>();
            for (Charge c : cs) {
                added += c.energyAddedKwh() == null ? 0 : c.energyAddedKwh();
                if (c.cost() != null) {
                    costs.merge(c.place() + " " + c.currency(), c.cost(), Double::sum);
                }
            }
            cars.add(new CarMonth(vin, names.getOrDefault(vin, ""),
                    ds.stream().map(d -> new DriveRow(time.format(d.startedAt()), time.format(d.endedAt()), d.startPlace(), d.endPlace(),
                            number(d.distanceKm(), "%.1f km"), number(d.energyUsedKwh(), "%.2f kWh"), number(d.whPerKm(), "%.0f Wh/km"),
                            nullToEmpty(d.note()))).toList(),
                    cs.stream().map(c -> new ChargeRow(time.format(c.startedAt()), time.format(c.endedAt()), c.place(),
                            c.charger().key(), number(c.energyAddedKwh(), "%.2f kWh"),
                            c.cost() == null ? "—" : String.format(Locale.ROOT, "%.2f %s", c.cost(), c.currency()),
                            nullToEmpty(c.note()))).toList(),
                    String.format(Locale.ROOT, "%.1f km", km), String.format(Locale.ROOT, "%.2f kWh", kwh),
                    kmWithEnergy < 0.1 ? "—" : String.format(Locale.ROOT, "%.0f Wh/km", kwh * 1000 / kmWithEnergy),
                    String.format(Locale.ROOT, "%.2f kWh", added),
                    costs.entrySet().stream().map(e -> {
                        int space = e.getKey().lastIndexOf(' ');
                        return e.getKey().substring(0, space) + " " + String.format(Locale.ROOT, "%.2f", e.getValue())
                                + e.getKey().substring(space);
                    }).toList()));
        }
        return new JournalView(month.toString(), month.minusMonths(1).toString(), month.plusMonths(1).toString(), zone.getId(),
                ok, problem, cars);
    }

    /** The month's bounds in the time zone, as instants. */
    static Instant[] bounds(YearMonth month, ZoneId zone) {
        return new Instant[] {month.atDay(1).atStartOfDay(zone).toInstant(), month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()};
    }

    private static String number(Double v, String format) {
        return v == null ? "—" : String.format(Locale.ROOT, format, v);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static Map<String, String> names(Collection<org.teslaexporter.vehicle.TrackedVehicle> cars) {
        Map<String, String> names = new java.util.HashMap<>();
        cars.forEach(v -> names.put(v.vin(), v.name()));
        return names;
    }
}
