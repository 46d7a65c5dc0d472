package org.teslaexporter.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.teslaexporter.places.ChargerKind;
import org.teslaexporter.places.Place;
import org.teslaexporter.places.Places;

/**
 * Finds one car's drives, charges and parked periods in its readings, in the order they come
 * (polled or streamed alike). Work per reading is constant. A session that polling saw late starts
 * at the first reading that shows it; its distance and energy come from the car's own counters, so
 * they are still right. Not thread-safe: one car's readings arrive one at a time.
 */
public final class SessionDetector {

    /** Faster than this between two odometer readings is not a drive but a broken odometer (km/h). */
    static final double MAX_PLAUSIBLE_KMH = 300;

    private final String vin;
    private final Places places;
    private Reading last;
    private OpenDrive drive;
    private OpenCharge charge;
    private Reading parkedSince;
    private String parkedAt;
    /** The car's own kWh per rated km, as its latest charge counters said (null: not yet known). */
    private Double ratedKwhPerKm;

    public SessionDetector(String vin, Places places) {
        this.vin = vin;
        this.places = places;
    }

    /**
     * What the detector holds between readings: its open drive, charge or parked period, so that a
     * restart continues the same session ({@link #restore}). Null fields: nothing open of that kind.
     */
    public record State(Reading last, Reading driveStart, Reading driveLatest, Double driveMaxSpeedKmh,
            Reading chargeStart, Reading chargeLatest, String chargePlace, ChargerKind chargeKind, Double chargeEnergyKwh,
            Double chargeMaxPowerKw, Double chargeCost, Boolean chargeCostKnown, List<String> chargeNotes,
            Reading parkedSince, String parkedAt, Double ratedKwhPerKm) {
    }

    /** The open state now. */
    public State state() {
        OpenCharge c = charge;
        return new State(last, drive == null ? null : drive.start, drive == null ? null : drive.latest,
                drive == null || Double.isNaN(drive.maxSpeed) ? null : drive.maxSpeed,
                c == null ? null : c.start, c == null ? null : c.latest, c == null ? null : c.place.map(Place::name).orElse(null),
                c == null ? null : c.kind, c == null ? null : c.energy, c == null || Double.isNaN(c.maxPower) ? null : c.maxPower,
                c == null || c.cost == null ? null : c.cost, c == null ? null : c.cost != null,
                c == null ? null : List.copyOf(c.notes), parkedSince, parkedAt, ratedKwhPerKm);
    }

    /**
     * A detector that goes on from a stored state. A charge's place is looked up by name in today's
     * places (gone from the file: the charge is "other" from now on).
     */
    public static SessionDetector restore(String vin, Places places, State s) {
        SessionDetector d = new SessionDetector(vin, places);
        d.last = s.last();
        if (s.driveStart() != null) {
            d.drive = new OpenDrive(s.driveStart());
            d.drive.latest = s.driveLatest() != null ? s.driveLatest() : s.driveStart();
            d.drive.maxSpeed = s.driveMaxSpeedKmh() == null ? Double.NaN : s.driveMaxSpeedKmh();
        }
        if (s.chargeStart() != null) {
            Optional<Place> place = places.places().stream().filter(p -> p.name().equals(s.chargePlace())).findFirst();
            d.charge = new OpenCharge(s.chargeStart(), place, s.chargeKind() == null ? ChargerKind.AC : s.chargeKind());
            d.charge.latest = s.chargeLatest() != null ? s.chargeLatest() : s.chargeStart();
            d.charge.energy = s.chargeEnergyKwh();
            d.charge.maxPower = s.chargeMaxPowerKw() == null ? Double.NaN : s.chargeMaxPowerKw();
            d.charge.cost = Boolean.FALSE.equals(s.chargeCostKnown()) ? null : s.chargeCost() == null ? 0.0 : s.chargeCost();
            if (s.chargeNotes() != null) {
                d.charge.notes.addAll(s.chargeNotes());
            }
        }
        d.parkedSince = s.parkedSince();
        d.parkedAt = s.parkedAt();
        d.ratedKwhPerKm = s.ratedKwhPerKm();
        return d;
    }

    /** Whether a drive or a charge is open (its state is worth keeping). */
    public boolean inSession() {
        return drive != null || charge != null;
    }

    /** A drive under way: its first reading, and what the readings since have shown. */
    private static final class OpenDrive {
        final Reading start;
        Reading latest;
        double maxSpeed = Double.NaN;

        OpenDrive(Reading start) {
            this.start = start;
            this.latest = start;
        }
    }

    /** A charge under way: where, which kind, the counter and the cost so far. */
    private static final class OpenCharge {
        final Reading start;
        final Optional<Place> place;
        final ChargerKind kind;
        Reading latest;
        Double energy;
        double maxPower = Double.NaN;
        Double cost = 0.0;
        final List<String> notes = new ArrayList<>();

        OpenCharge(Reading start, Optional<Place> place, ChargerKind kind) {
            this.start = start;
            this.place = place;
            this.kind = kind;
            this.latest = start;
        }
    }

    /**
     * The next reading; returns the sessions it ends (oldest first), often none. Readings older than the
     * last are ignored; one of the same instant is not (a streamed message carries one field, and the
     * fields of one moment arrive one after the other with the car's one timestamp).
     */
    public List<Session> accept(Reading r) {
        if (r == null || last != null && r.at().isBefore(last.at())) {
            return List.of();
        }
        List<Session> ended = new ArrayList<>(2);
        Double perKm = r.ratedKwhPerKm();
        if (perKm != null) {
            ratedKwhPerKm = perKm;
        }
        if (drive != null) {
            drive.latest = r;
            speed(drive, r);
            if (r.parked()) {
                ended.add(endDrive(r));
                drive = null;
                parkedSince = r;
                parkedAt = places.nameAt(r.latitude(), r.longitude());
            }
        } else if (r.moving()) {
            endParked(r, ended);
            drive = new OpenDrive(r);
            speed(drive, r);
        }
        if (charge != null) {
            if (r.notCharging()) {
                add(charge, r);
                ended.add(endCharge(r));
                charge = null;
                if (drive == null) {
                    parkedSince = r;
                    parkedAt = places.nameAt(r.latitude(), r.longitude());
                }
            } else {
                add(charge, r);
            }
        } else if (r.charging() && drive == null) {
            endParked(r, ended);
            Optional<Place> place = places.at(r.latitude(), r.longitude());
            charge = new OpenCharge(r, place, Boolean.TRUE.equals(r.supercharger()) ? ChargerKind.SUPERCHARGER
                    : Boolean.TRUE.equals(r.fastCharger()) ? ChargerKind.DC : ChargerKind.AC);
            charge.energy = r.energyAddedKwh();
            if (r.energyAddedKwh() != null && r.energyAddedKwh() > 0) {
                // the car had charged before this first reading: priced as of now, said in the note
                charge.cost = priced(charge.cost, places.cost(place, charge.kind, r.at(), r.at(), r.energyAddedKwh()));
                charge.notes.add("seen " + round(r.energyAddedKwh()) + " kWh into the charge");
            }
            power(charge, r);
        }
        if (drive == null && charge == null && parkedSince == null) {
            parkedSince = r;
            parkedAt = places.nameAt(r.latitude(), r.longitude());
        }
        last = r;
        return ended;
    }

    private static void speed(OpenDrive d, Reading r) {
        if (r.speedKmh() != null && !(r.speedKmh() <= d.maxSpeed)) {
            d.maxSpeed = r.speedKmh();
        }
    }

    private static void power(OpenCharge c, Reading r) {
        if (r.chargerPowerKw() != null && !(r.chargerPowerKw() <= c.maxPower)) {
            c.maxPower = r.chargerPowerKw();
        }
    }

    /** The energy counter's step since the charge's latest reading, priced over the time between them. */
    private void add(OpenCharge c, Reading r) {
        power(c, r);
        Double now = r.energyAddedKwh();
        if (now != null) {
            if (c.energy != null && now < c.energy) {
                c.notes.add("the car's energy counter went back from " + round(c.energy) + " to " + round(now) + " kWh; kept "
                        + round(c.energy));
            } else {
                double step = c.energy == null ? now : now - c.energy;
                if (step > 0) {
                    c.cost = priced(c.cost, places.cost(c.place, c.kind, c.latest.at(), r.at(), step));
                }
                c.energy = now;
            }
        }
        c.latest = r;
    }

    private static Double priced(Double sum, Double part) {
        return sum == null || part == null ? null : sum + part;
    }

    private void endParked(Reading r, List<Session> ended) {
        if (parkedSince != null && r.at().isAfter(parkedSince.at())) {
            ended.add(new Parked(vin, parkedSince.at(), r.at(), parkedAt, parkedSince.socPercent(), r.socPercent()));
        }
        parkedSince = null;
        parkedAt = null;
    }

    private Drive endDrive(Reading end) {
        Reading start = drive.start;
        List<String> notes = new ArrayList<>();
        Double distance = null;
        double hours = Duration.between(start.at(), end.at()).toMillis() / 3_600_000.0;
        if (start.odometerKm() == null || end.odometerKm() == null) {
            notes.add("odometer unknown");
        } else if (end.odometerKm() < start.odometerKm()) {
            notes.add("the odometer went back from " + round(start.odometerKm()) + " to " + round(end.odometerKm()) + " km");
        } else if (end.odometerKm() - start.odometerKm() > hours * MAX_PLAUSIBLE_KMH + 1) {
            notes.add("the odometer jumped " + round(end.odometerKm() - start.odometerKm()) + " km in " + round(hours * 60) + " min");
        } else {
            distance = end.odometerKm() - start.odometerKm();
        }
        Double energy = null;
        if (start.lifetimeEnergyUsedKwh() != null && end.lifetimeEnergyUsedKwh() != null
                && end.lifetimeEnergyUsedKwh() >= start.lifetimeEnergyUsedKwh()) {
            energy = end.lifetimeEnergyUsedKwh() - start.lifetimeEnergyUsedKwh();
        } else if (start.energyRemainingKwh() != null && end.energyRemainingKwh() != null
                && start.energyRemainingKwh() >= end.energyRemainingKwh()) {
            energy = start.energyRemainingKwh() - end.energyRemainingKwh();
        } else if (ratedKwhPerKm != null && start.ratedRangeKm() != null && end.ratedRangeKm() != null
                && start.ratedRangeKm() >= end.ratedRangeKm()) {
            // polled only: the rated range used at the car's own kWh per rated km (TeslaMate's estimate)
            energy = (start.ratedRangeKm() - end.ratedRangeKm()) * ratedKwhPerKm;
        }
        Double average = distance == null || hours <= 0 ? null : distance / hours;
        return new Drive(vin, start.at(), end.at(), places.nameAt(start.latitude(), start.longitude()),
                places.nameAt(end.latitude(), end.longitude()), start.latitude(), start.longitude(), end.latitude(), end.longitude(),
                distance, start.socPercent(), end.socPercent(), start.ratedRangeKm(), end.ratedRangeKm(), energy,
                Double.isNaN(drive.maxSpeed) ? null : drive.maxSpeed, average, notes.isEmpty() ? null : String.join("; ", notes));
    }

    private Charge endCharge(Reading end) {
        OpenCharge c = charge;
        return new Charge(vin, c.start.at(), end.at(), c.place.map(Place::name).orElse(Place.OTHER), c.kind, c.energy,
                Double.isNaN(c.maxPower) ? null : c.maxPower, c.start.socPercent(), end.socPercent(),
                c.energy == null ? null : c.cost, places.currency(), c.notes.isEmpty() ? null : String.join("; ", c.notes));
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
