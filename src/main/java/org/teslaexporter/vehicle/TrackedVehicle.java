package org.teslaexporter.vehicle;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the exporter knows of one monitored vehicle: its latest summary from the list and its latest
 * data snapshot (kept while the car sleeps, so dashboards keep the last known values; its age is
 * published). Immutable; replaced whole by the poller.
 *
 * @param snapshot   the last {@code vehicle_data}, or null if none was read yet
 * @param lastDataAt when that snapshot was fetched (our clock), or null
 * @param polling    how the poller treats the vehicle now
 * @param streaming  what its Fleet Telemetry stream told, if it streams
 */
public record TrackedVehicle(VehicleSummary summary, VehicleSnapshot snapshot, Instant lastDataAt, Polling polling,
        Streaming streaming) {

    /**
     * The vehicle's Fleet Telemetry stream.
     *
     * @param connected      the last connectivity status (true after any signal); null = never heard
     * @param lastSignalAt   when the newest signal arrived (our clock), or null
     * @param extras         values only the stream has
     * @param alerts         the car's alerts by name: true while active
     */
    public record Streaming(Boolean connected, Instant lastSignalAt, StreamExtras extras, Map<String, Boolean> alerts) {
        public static final Streaming NONE = new Streaming(null, null, StreamExtras.NONE, Map.of());

        /** Connected and heard from within {@code staleAfter}: polling may step aside. */
        public boolean live(Instant now, Duration staleAfter) {
            return Boolean.TRUE.equals(connected) && lastSignalAt != null && !lastSignalAt.plus(staleAfter).isBefore(now);
        }
    }

    /**
     * The poller's view, for the metrics: mode label ({@code driving}, {@code suspended} …), and
     * while backing off, why and until when.
     */
    public record Polling(String mode, String backoffReason, Instant backoffUntil) {
        public static final Polling NONE = new Polling(null, null, null);
    }

    public TrackedVehicle(VehicleSummary summary, VehicleSnapshot snapshot, Instant lastDataAt) {
        this(summary, snapshot, lastDataAt, Polling.NONE, Streaming.NONE);
    }

    /** {@code stream} when a streamed signal is newer than the last {@code vehicle_data}, {@code poll} otherwise; null before any. */
    public String dataSource() {
        Instant signal = streaming.lastSignalAt();
        if (signal != null && (lastDataAt == null || signal.isAfter(lastDataAt))) {
            return "stream";
        }
        return lastDataAt == null ? null : "poll";
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
        return new TrackedVehicle(newSummary, snapshot, lastDataAt, polling, streaming);
    }

    public TrackedVehicle withData(VehicleSnapshot newSnapshot, Instant fetchedAt) {
        return new TrackedVehicle(summary.withState(OnlineState.ONLINE), newSnapshot, fetchedAt, polling, streaming);
    }

    public TrackedVehicle withPolling(Polling newPolling) {
        return new TrackedVehicle(summary, snapshot, lastDataAt, newPolling, streaming);
    }

    /** A streamed value changed the snapshot; a car that streams is online. */
    public TrackedVehicle withStreamed(VehicleSnapshot newSnapshot) {
        return new TrackedVehicle(summary.withState(OnlineState.ONLINE), newSnapshot, lastDataAt, polling, streaming);
    }

    /** A signal arrived at {@code at}: the stream is connected. */
    public TrackedVehicle withSignal(Instant at) {
        return new TrackedVehicle(summary, snapshot, lastDataAt, polling,
                new Streaming(true, at, streaming.extras(), streaming.alerts()));
    }

    /** A stream-only value, by its {@link StreamExtras} component; null = unknown. */
    TrackedVehicle withExtra(String name, Double value) {
        return new TrackedVehicle(summary, snapshot, lastDataAt, polling,
                new Streaming(streaming.connected(), streaming.lastSignalAt(), streaming.extras().with(name, value), streaming.alerts()));
    }

    /** The connectivity status the stream reported. */
    public TrackedVehicle withConnected(boolean connected) {
        return new TrackedVehicle(connected ? summary.withState(OnlineState.ONLINE) : summary, snapshot, lastDataAt, polling,
                new Streaming(connected, streaming.lastSignalAt(), streaming.extras(), streaming.alerts()));
    }

    /** An alert started ({@code true}) or ended ({@code false}). */
    public TrackedVehicle withAlert(String name, boolean active) {
        return new TrackedVehicle(summary, snapshot, lastDataAt, polling,
                new Streaming(streaming.connected(), streaming.lastSignalAt(), streaming.extras(), RecordPaths.with(streaming.alerts(), name, active)));
    }

}
