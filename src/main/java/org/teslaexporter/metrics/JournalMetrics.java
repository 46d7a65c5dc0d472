package org.teslaexporter.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.teslaexporter.journal.Charge;
import org.teslaexporter.journal.Drive;
import org.teslaexporter.journal.JournalEvent;
import org.teslaexporter.journal.JournalTotals;
import org.teslaexporter.journal.Parked;
import org.teslaexporter.journal.Session;
import org.teslaexporter.places.ChargerKind;

/**
 * The journal on {@code /metrics}: totals that keep counting across restarts — they start from the
 * database's sums ({@link JournalEvent.Counted}) and grow by each stored session
 * ({@link JournalEvent.Stored}) — and each car's last drive and charge. Until the journal's database
 * could be read once, none of these series is there (unknown, not 0), so Prometheus never sees them
 * fall back at a restart.
 * <p>
 * Counts are MicroProfile counters. The totals of kilometres, kilowatt-hours, money and percentage
 * points are gauges named {@code …_total}: MicroProfile Metrics counts only whole numbers; these only
 * grow (they are restored, never reset), so {@code increase()} and {@code rate()} read them as counters
 * (docs/metrics.md). Work per stored session: a few map lookups; nothing at scrape time.
 */
@ApplicationScoped
public class JournalMetrics {

    static final String DRIVES = "tesla_drives_total";
    static final String DRIVE_DISTANCE = "tesla_drive_distance_km_total";
    static final String DRIVE_ENERGY = "tesla_drive_energy_used_kwh_total";
    static final String CHARGES = "tesla_charges_total";
    static final String CHARGE_ENERGY = "tesla_charge_energy_added_kwh_total";
    static final String CHARGE_COST = "tesla_charge_cost_total";
    static final String PARKED_LOST = "tesla_parked_battery_lost_percent_total";
    static final String LAST_DISTANCE = "tesla_last_drive_distance_km";
    static final String LAST_DRIVE_ENERGY = "tesla_last_drive_energy_used_kwh";
    static final String LAST_EFFICIENCY = "tesla_last_drive_efficiency_wh_per_km";
    static final String LAST_DRIVE_END = "tesla_last_drive_end_timestamp_seconds";
    static final String LAST_CHARGE_ENERGY = "tesla_last_charge_energy_added_kwh";
    static final String LAST_CHARGE_COST = "tesla_last_charge_cost";
    static final String LAST_CHARGE_END = "tesla_last_charge_end_timestamp_seconds";
    private static final String KEPT = " (kept in the journal: restored from it at start, grows when a session is stored)";
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(DRIVES, "Drives" + KEPT),
            Map.entry(DRIVE_DISTANCE, "Kilometres driven, from the odometer" + KEPT),
            Map.entry(DRIVE_ENERGY, "Energy used by drives, kWh" + KEPT),
            Map.entry(CHARGES, "Charges, by place and AC/DC" + KEPT),
            Map.entry(CHARGE_ENERGY, "Energy added by charges, kWh, by place and AC/DC" + KEPT),
            Map.entry(CHARGE_COST, "What charges cost, in the places file's currency, by place and AC/DC (priced charges only)" + KEPT),
            Map.entry(PARKED_LOST, "State of charge lost while parked (the vampire drain), percentage points" + KEPT),
            Map.entry(LAST_DISTANCE, "Distance of the car's last drive, km"),
            Map.entry(LAST_DRIVE_ENERGY, "Energy used by the car's last drive, kWh"),
            Map.entry(LAST_EFFICIENCY, "Energy per distance of the car's last drive, Wh/km"),
            Map.entry(LAST_DRIVE_END, "When the car's last drive ended, Unix time"),
            Map.entry(LAST_CHARGE_ENERGY, "Energy added by the car's last charge, kWh"),
            Map.entry(LAST_CHARGE_COST, "What the car's last charge cost, in the places file's currency"),
            Map.entry(LAST_CHARGE_END, "When the car's last charge ended, Unix time"));

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    /** Told of every change, so /metrics shows it soon (null in unit tests). */
    @Inject
    RenderedMetrics rendered;

    /** Guarded by this (events come one at a time from the journal's writer, but a test may call too). */
    private final Map<MetricID, MetricsPublisher.Sample> gauges = new HashMap<>();
    /** The start of each car's last drive and charge shown, so an older one stored late does not replace it. */
    private final Map<String, Instant> lastDrive = new HashMap<>();
    private final Map<String, Instant> lastCharge = new HashMap<>();

    synchronized void onCounted(@Observes JournalEvent.Counted counted) {
        JournalTotals t = counted.totals();
        t.drives().forEach(this::add);
        t.charges().forEach(this::add);
        t.parked().forEach(this::add);
        t.lastDrives().forEach(this::last);
        t.lastCharges().forEach(this::last);
        changed();
    }

    /** Each stored session adds to the totals as a sum of one. */
    synchronized void onStored(@Observes JournalEvent.Stored stored) {
        for (Session s : stored.sessions()) {
            if (s instanceof Drive d) {
                add(new JournalTotals.DriveSum(d.vin(), 1, d.distanceKm(), d.energyUsedKwh()));
                last(d);
            } else if (s instanceof Charge c) {
                add(new JournalTotals.ChargeSum(c.vin(), c.place(), c.charger(), c.currency(), 1, c.energyAddedKwh(), c.cost()));
                last(c);
            } else if (s instanceof Parked p) {
                // a reading's rounding can show a parked car gaining a point: the vampire drain counts losses only
                Double lost = p.socLost();
                add(new JournalTotals.ParkedSum(p.vin(), 1, lost == null ? null : Math.max(0, lost)));
            }
        }
        changed();
    }

    private void add(JournalTotals.DriveSum d) {
        count(DRIVES, d.count(), vin(d.vin()));
        add(DRIVE_DISTANCE, d.distanceKm(), vin(d.vin()));
        add(DRIVE_ENERGY, d.energyUsedKwh(), vin(d.vin()));
    }

    private void add(JournalTotals.ChargeSum c) {
        Tag[] tags = chargeTags(c.vin(), c.place(), c.charger());
        count(CHARGES, c.count(), tags);
        add(CHARGE_ENERGY, c.energyAddedKwh(), tags);
        if (c.currency() != null) {
            add(CHARGE_COST, c.cost(), withCurrency(tags, c.currency()));
        }
    }

    private void add(JournalTotals.ParkedSum p) {
        add(PARKED_LOST, p.socLostPercent(), vin(p.vin()));
    }

    private void changed() {
        if (rendered != null) {
            rendered.changed();
        }
    }

    private void last(Drive d) {
        if (newer(lastDrive, d.vin(), d.startedAt())) {
            Tag vin = vin(d.vin());
            set(LAST_DISTANCE, d.distanceKm(), vin);
            set(LAST_DRIVE_ENERGY, d.energyUsedKwh(), vin);
            set(LAST_EFFICIENCY, d.whPerKm(), vin);
            set(LAST_DRIVE_END, d.endedAt().toEpochMilli() / 1000.0, vin);
        }
    }

    private void last(Charge c) {
        if (newer(lastCharge, c.vin(), c.startedAt())) {
            Tag vin = vin(c.vin());
            set(LAST_CHARGE_ENERGY, c.energyAddedKwh(), vin);
            set(LAST_CHARGE_END, c.endedAt().toEpochMilli() / 1000.0, vin);
            // one currency at a time: a charge priced in another (or not at all) replaces the last one's series
            gauges.keySet().removeIf(id -> {
                boolean old = id.getName().equals(LAST_CHARGE_COST) && c.vin().equals(id.getTags().get("vin"))
                        && (c.cost() == null || !id.getTags().get("currency").equals(c.currency()));
                if (old) {
                    registry.remove(id);
                }
                return old;
            });
            if (c.currency() != null) {
                set(LAST_CHARGE_COST, c.cost(), vin, new Tag("currency", c.currency()));
            }
        }
    }

    private static boolean newer(Map<String, Instant> shown, String vin, Instant startedAt) {
        Instant before = shown.get(vin);
        if (before != null && before.isAfter(startedAt)) {
            return false;
        }
        shown.put(vin, startedAt);
        return true;
    }

    private void count(String name, long n, Tag... tags) {
        registry.counter(MetricsPublisher.metadata(name, HELP.get(name)), tags).inc(n);
    }

    /** Adds a known amount to a total (registered at its first known amount; unknown adds nothing). */
    private void add(String name, Double amount, Tag... tags) {
        if (amount == null || amount.isNaN()) {
            return;
        }
        sample(name, tags).value += amount;
    }

    /** Sets a gauge, or removes it when the value is unknown. */
    private void set(String name, Double value, Tag... tags) {
        if (value == null || value.isNaN()) {
            MetricID id = new MetricID(name, tags);
            if (gauges.remove(id) != null) {
                registry.remove(id);
            }
            return;
        }
        sample(name, tags).value = value;
    }

    private MetricsPublisher.Sample sample(String name, Tag... tags) {
        return gauges.computeIfAbsent(new MetricID(name, tags), id -> {
            MetricsPublisher.Sample s = new MetricsPublisher.Sample();
            registry.gauge(MetricsPublisher.metadata(name, HELP.get(name)), s, tags);
            return s;
        });
    }

    private static Tag vin(String vin) {
        return new Tag("vin", vin);
    }

    /** {@code charger} is {@code ac} or {@code dc} (a Supercharger is DC): two values, so the labels stay bounded. */
    private static Tag[] chargeTags(String vin, String place, ChargerKind charger) {
        return new Tag[] {vin(vin), new Tag("place", place), new Tag("charger", charger.current())};
    }

    private static Tag[] withCurrency(Tag[] tags, String currency) {
        Tag[] all = java.util.Arrays.copyOf(tags, tags.length + 1);
        all[tags.length] = new Tag("currency", currency);
        return all;
    }
}
