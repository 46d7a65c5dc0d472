package org.teslaexporter.vehicle;

import java.time.Instant;

/**
 * What the exporter knows of one monitored vehicle: its latest summary from the list and its latest
 * data snapshot (kept while the car sleeps, so dashboards keep the last known values; its age is
 * published). Immutable; replaced whole by the poller.
 *
 * @param snapshot   the last {@code vehicle_data}, or null if none was read yet
 * @param lastDataAt when that snapshot was fetched (our clock), or null
 * @param polling    how the poller treats the vehicle now
 */
public record TrackedVehicle(VehicleSummary summary, VehicleSnapshot snapshot, Instant lastDataAt, Polling polling) {

    /**
     * The poller's view, for the metrics: mode label ({@code driving}, {@code suspended} …), and
     * while backing off, why and until when.
     */
    public record Polling(String mode, String backoffReason, Instant backoffUntil) {
        public static final Polling NONE = new Polling(null, null, null);
    }

    public TrackedVehicle(VehicleSummary summary, VehicleSnapshot snapshot, Instant lastDataAt) {
        this(summary, snapshot, lastDataAt, Polling.NONE);
    }

    public String vin() {
        return summary.vin();
    }

    /** The {@code vehicle_name} label: the list's display name, else the one inside the data. */
    public String name() {
        if (!summary.displayName().isEmpty() || snapshot == null || snapshot.displayName() == null) {
            return summary.displayName();
        }
        return snapshot.displayName();
    }

    public TrackedVehicle withSummary(VehicleSummary newSummary) {
        return new TrackedVehicle(newSummary, snapshot, lastDataAt, polling);
    }

    public TrackedVehicle withData(VehicleSnapshot newSnapshot, Instant fetchedAt) {
        return new TrackedVehicle(summary.withState(OnlineState.ONLINE), newSnapshot, fetchedAt, polling);
    }

    public TrackedVehicle withPolling(Polling newPolling) {
        return new TrackedVehicle(summary, snapshot, lastDataAt, newPolling);
    }
}
