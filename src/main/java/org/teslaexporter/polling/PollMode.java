package org.teslaexporter.polling;

import java.util.Locale;

/**
 * What the poller is doing with a vehicle, derived from the last data; published as the state set
 * {@code tesla_exporter_polling_mode{mode}}.
 */
public enum PollMode {
    /** In gear or moving: data every {@code DRIVING_POLL_INTERVAL_SECONDS}. */
    DRIVING,
    /** Charging: data every {@code CHARGING_POLL_INTERVAL_SECONDS}. */
    CHARGING,
    /** Parked and online, not yet idle long enough to suspend: data every {@code POLL_INTERVAL_SECONDS}. */
    PARKED_AWAKE,
    /** Parked and idle: no data calls, so the car can fall asleep; only its state is watched. */
    SUSPENDED,
    /** Asleep: only its state is read, every {@code SLEEP_POLL_INTERVAL_SECONDS}. */
    ASLEEP,
    /** Offline (no connectivity): as asleep. */
    OFFLINE,
    /** Failures, rate limit or billing limit: waiting before asking again. */
    BACKING_OFF,
    /**
     * The car streams its data (Fleet Telemetry): no data calls, except one reconciliation read every
     * {@code TELEMETRY_RECONCILE_SECONDS}; when the stream goes silent or disconnects, the modes above again.
     */
    STREAMING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
