package org.teslaexporter.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A stored {@link Drive}: one row of {@code journal_drive} (schema: {@code db/journal/V1__journal.sql}). */
@Entity
@Table(name = "journal_drive")
public class DriveEntry extends SessionEntry {

    @Column(name = "start_place")
    String startPlace;
    @Column(name = "end_place")
    String endPlace;
    @Column(name = "start_latitude")
    Double startLatitude;
    @Column(name = "start_longitude")
    Double startLongitude;
    @Column(name = "end_latitude")
    Double endLatitude;
    @Column(name = "end_longitude")
    Double endLongitude;
    @Column(name = "distance_km")
    Double distanceKm;
    @Column(name = "start_soc_percent")
    Double startSocPercent;
    @Column(name = "end_soc_percent")
    Double endSocPercent;
    @Column(name = "start_rated_range_km")
    Double startRatedRangeKm;
    @Column(name = "end_rated_range_km")
    Double endRatedRangeKm;
    @Column(name = "energy_used_kwh")
    Double energyUsedKwh;
    @Column(name = "max_speed_kmh")
    Double maxSpeedKmh;
    @Column(name = "average_speed_kmh")
    Double averageSpeedKmh;
    String note;

    protected DriveEntry() {
    }

    static DriveEntry of(Drive d) {
        DriveEntry e = new DriveEntry();
        e.session(d);
        e.startPlace = d.startPlace();
        e.endPlace = d.endPlace();
        e.startLatitude = d.startLatitude();
        e.startLongitude = d.startLongitude();
        e.endLatitude = d.endLatitude();
        e.endLongitude = d.endLongitude();
        e.distanceKm = d.distanceKm();
        e.startSocPercent = d.startSocPercent();
        e.endSocPercent = d.endSocPercent();
        e.startRatedRangeKm = d.startRatedRangeKm();
        e.endRatedRangeKm = d.endRatedRangeKm();
        e.energyUsedKwh = d.energyUsedKwh();
        e.maxSpeedKmh = d.maxSpeedKmh();
        e.averageSpeedKmh = d.averageSpeedKmh();
        e.note = Times.note(d.note());
        return e;
    }

    Drive drive() {
        return new Drive(vin, startedAt.toInstant(), endedAt.toInstant(), startPlace, endPlace, startLatitude, startLongitude,
                endLatitude, endLongitude, distanceKm, startSocPercent, endSocPercent, startRatedRangeKm, endRatedRangeKm,
                energyUsedKwh, maxSpeedKmh, averageSpeedKmh, note);
    }
}
