package org.teslaexporter.polling;

import java.time.Duration;

/**
 * The policy's timing, all configurable in whole seconds (so tests can run time-scaled).
 *
 * @param driving          data interval while driving ({@code DRIVING_POLL_INTERVAL_SECONDS})
 * @param charging         data interval while charging ({@code CHARGING_POLL_INTERVAL_SECONDS})
 * @param parked           data interval while parked and awake ({@code POLL_INTERVAL_SECONDS})
 * @param sleep            state interval while asleep or offline ({@code SLEEP_POLL_INTERVAL_SECONDS})
 * @param suspendAfterIdle idle time before suspending ({@code SUSPEND_AFTER_IDLE_SECONDS})
 * @param suspendMax       longest suspension ({@code SUSPEND_MAX_SECONDS})
 * @param stateCheck       state interval while suspended ({@code STATE_CHECK_INTERVAL_SECONDS})
 * @param backoffMax       longest wait after repeated failures ({@code BACKOFF_MAX_SECONDS})
 * @param wakeTimeout      how long a woken car may take to come online ({@code WAKE_TIMEOUT_SECONDS})
 */
public record PollIntervals(Duration driving, Duration charging, Duration parked, Duration sleep,
        Duration suspendAfterIdle, Duration suspendMax, Duration stateCheck, Duration backoffMax,
        Duration wakeTimeout) {
}
