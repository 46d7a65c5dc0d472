package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.teslaexporter.polling.FixedSchedule.Action;
import org.teslaexporter.vehicle.OnlineState;

class FixedScheduleTest {

    private final FixedSchedule schedule = new FixedSchedule(Duration.ofSeconds(300), Duration.ofSeconds(660), false);

    @Test
    void onlyAnOnlineCarIsAskedForData() {
        assertThat(schedule.actionFor(OnlineState.ONLINE)).isEqualTo(Action.FETCH_DATA);
        assertThat(schedule.actionFor(OnlineState.ASLEEP)).isEqualTo(Action.LIST_ONLY);
        assertThat(schedule.actionFor(OnlineState.OFFLINE)).isEqualTo(Action.LIST_ONLY);
        assertThat(schedule.actionFor(OnlineState.UNKNOWN)).isEqualTo(Action.LIST_ONLY);
    }

    @Test
    void wakeOnPollWakesEveryCarThatIsNotOnline() {
        FixedSchedule waking = new FixedSchedule(Duration.ofSeconds(300), Duration.ofSeconds(660), true);
        assertThat(waking.actionFor(OnlineState.ASLEEP)).isEqualTo(Action.WAKE_THEN_FETCH);
        assertThat(waking.actionFor(OnlineState.ONLINE)).isEqualTo(Action.FETCH_DATA);
    }

    @Test
    void sleepIntervalOnlyWhenNoCarIsOnline() {
        assertThat(schedule.nextDelay(List.of(OnlineState.ASLEEP, OnlineState.ONLINE))).isEqualTo(Duration.ofSeconds(300));
        assertThat(schedule.nextDelay(List.of(OnlineState.ASLEEP, OnlineState.OFFLINE))).isEqualTo(Duration.ofSeconds(660));
        assertThat(schedule.nextDelay(List.of())).as("nothing known: retry soon").isEqualTo(Duration.ofSeconds(300));
    }
}
