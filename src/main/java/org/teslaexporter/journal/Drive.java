package org.teslaexporter.journal;

import java.time.Instant;

/**
 * A drive: from leaving P to the next P. Distance from the odometer (so a drive polling saw late is
 * still right), energy from the car's energy counter or, without it, the battery energy left at both
 * ends (both streamed), else the rated range used at the car's own kWh per rated km (polled); speeds
 * from the readings. Any figure may be null (unknown); {@code note} says why, or is null.
 */
public record Drive(String vin, Instant startedAt, Instant endedAt, String startPlace, String endPlace,
        Double startLatitude, Double startLongitude, Double endLatitude, Double endLongitude,
        Double distanceKm, Double startSocPercent, Double endSocPercent, Double startRatedRangeKm, Double endRatedRangeKm,
        Double energyUsedKwh, Double maxSpeedKmh, Double averageSpeedKmh, String note) implements Session {

    /** Wh per km, when distance and energy are known and the distance is not nothing. */
    public Double whPerKm() {
        return distanceKm == null || energyUsedKwh == null || distanceKm < 0.1 ? null : energyUsedKwh * 1000 / distanceKm;
    }
}
