package org.teslaexporter.journal;

import java.time.Instant;
import org.teslaexporter.vehicle.ChargingState;
import org.teslaexporter.vehicle.Gear;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSnapshot;

/**
 * What one reading of a car says that sessions are made of, in our units; any value may be null
 * (unknown). {@code at}: when the car produced it (its own clock), else when the exporter got it.
 */
public record Reading(Instant at, Gear gear, Double speedKmh, Double odometerKm, Double socPercent, Double ratedRangeKm,
        ChargingState chargingState, Double energyAddedKwh, Double chargerPowerKw, Boolean fastCharger, Boolean supercharger,
        Double latitude, Double longitude, Double lifetimeEnergyUsedKwh, Double energyRemainingKwh, Double rangeAddedRatedKm) {

    /** The reading of a car's latest data, or null when it has none yet. {@code withPosition} false: no coordinates. */
    public static Reading of(TrackedVehicle v, boolean withPosition) {
        VehicleSnapshot s = v.snapshot();
        Instant at = s == null ? null : s.carTimestamp() != null ? s.carTimestamp() : v.lastDataAt();
        if (s == null || at == null) {
            return null;
        }
        var c = s.charge();
        var d = s.drive();
        return new Reading(at, d == null ? null : d.shiftState(), d == null ? null : d.speedKmh(),
                s.body() == null ? null : s.body().odometerKm(), c == null ? null : c.batteryLevelPercent(),
                c == null ? null : c.ratedRangeKm(), c == null ? null : c.chargingState(), c == null ? null : c.energyAddedKwh(),
                c == null ? null : c.chargerPowerKw(), c == null ? null : c.fastChargerPresent(),
                c == null ? null : c.superchargerPresent(),
                withPosition && d != null ? d.latitude() : null, withPosition && d != null ? d.longitude() : null,
                c == null ? null : c.lifetimeEnergyUsedKwh(), c == null ? null : c.energyRemainingKwh(),
                c == null ? null : c.rangeAddedRatedKm());
    }

    /**
     * The car's own energy per rated km, from its last charge's counters (energy added over rated range
     * added: how TeslaMate learns a car's efficiency), when they are large enough to say it and plausible.
     */
    Double ratedKwhPerKm() {
        if (energyAddedKwh == null || rangeAddedRatedKm == null || energyAddedKwh < 1 || rangeAddedRatedKm < 5) {
            return null;
        }
        double perKm = energyAddedKwh / rangeAddedRatedKm;
        return perKm >= 0.08 && perKm <= 0.4 ? perKm : null;
    }

    /**
     * The car moves or is about to: a gear other than P, or speed above 0. (TeslaMate's rule: a drive
     * runs from leaving P to the next P; a car that names no gear and stands still is in P.)
     */
    boolean moving() {
        return gear != null && gear.driving() || speedKmh != null && speedKmh > 0;
    }

    /** The car is in P (a drive ends here). */
    boolean parked() {
        return gear == Gear.P && (speedKmh == null || speedKmh == 0);
    }

    boolean charging() {
        return chargingState != null && chargingState.charging();
    }

    /** The charging state is known and is not charging (a charge ends here). */
    boolean notCharging() {
        return chargingState != null && !chargingState.charging();
    }
}
