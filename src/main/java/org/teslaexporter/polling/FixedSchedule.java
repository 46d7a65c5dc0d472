package org.teslaexporter.polling;

import java.time.Duration;
import java.util.Collection;
import org.teslaexporter.vehicle.OnlineState;

/**
 * The earlier exporter's schedule: read an online car every {@code POLL_INTERVAL_SECONDS}; while
 * every car is asleep or offline only list them every {@code SLEEP_POLL_INTERVAL_SECONDS}; with
 * {@code WAKE_ON_POLL=true} wake a sleeping car first. Pure, so it is tested without a server.
 */
public record FixedSchedule(Duration pollInterval, Duration sleepPollInterval, boolean wakeOnPoll) {

    /** What to do with one vehicle this cycle. */
    public enum Action { FETCH_DATA, WAKE_THEN_FETCH, LIST_ONLY }

    public Action actionFor(OnlineState state) {
        if (state == OnlineState.ONLINE) {
            return Action.FETCH_DATA;
        }
        return wakeOnPoll ? Action.WAKE_THEN_FETCH : Action.LIST_ONLY;
    }

    /**
     * Delay until the next cycle, from the vehicles' states after this one. No vehicle known (not
     * logged in, list failed) retries at the normal interval, so a fix is noticed soon.
     */
    public Duration nextDelay(Collection<OnlineState> statesAfterCycle) {
        if (statesAfterCycle.isEmpty() || statesAfterCycle.contains(OnlineState.ONLINE)) {
            return pollInterval;
        }
        return sleepPollInterval;
    }
}
