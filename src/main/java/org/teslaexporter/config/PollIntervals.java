package org.teslaexporter.config;

import java.time.Duration;

/**
 * The polling policy's timing, all configurable in whole seconds (so tests can run time-scaled).
 * Built by name ({@link #builder()}): nine durations in a row would compile in any order.
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

    public static Builder builder() {
        return new Builder();
    }

    /** Every interval by its name; {@link #build()} refuses one left out. */
    public static final class Builder {
        private Duration driving;
        private Duration charging;
        private Duration parked;
        private Duration sleep;
        private Duration suspendAfterIdle;
        private Duration suspendMax;
        private Duration stateCheck;
        private Duration backoffMax;
        private Duration wakeTimeout;

        private Builder() {
        }

        public Builder driving(Duration d) {
            driving = d;
            return this;
        }

        public Builder charging(Duration d) {
            charging = d;
            return this;
        }

        public Builder parked(Duration d) {
            parked = d;
            return this;
        }

        public Builder sleep(Duration d) {
            sleep = d;
            return this;
        }

        public Builder suspendAfterIdle(Duration d) {
            suspendAfterIdle = d;
            return this;
        }

        public Builder suspendMax(Duration d) {
            suspendMax = d;
            return this;
        }

        public Builder stateCheck(Duration d) {
            stateCheck = d;
            return this;
        }

        public Builder backoffMax(Duration d) {
            backoffMax = d;
            return this;
        }

        public Builder wakeTimeout(Duration d) {
            wakeTimeout = d;
            return this;
        }

        public PollIntervals build() {
            return new PollIntervals(Required.of(driving, "driving"), Required.of(charging, "charging"),
                    Required.of(parked, "parked"), Required.of(sleep, "sleep"), Required.of(suspendAfterIdle, "suspendAfterIdle"),
                    Required.of(suspendMax, "suspendMax"), Required.of(stateCheck, "stateCheck"),
                    Required.of(backoffMax, "backoffMax"), Required.of(wakeTimeout, "wakeTimeout"));
        }
    }
}
