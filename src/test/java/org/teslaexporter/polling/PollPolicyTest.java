package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.teslaexporter.config.PollIntervals;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSnapshot;

class PollPolicyTest {

    static final PollIntervals DEFAULTS = PollIntervals.builder().driving(Duration.ofSeconds(120)).charging(Duration.ofSeconds(600))
            .parked(Duration.ofSeconds(300)).sleep(Duration.ofSeconds(660)).suspendAfterIdle(Duration.ofSeconds(900))
            .suspendMax(Duration.ofSeconds(1260)).stateCheck(Duration.ofSeconds(60)).backoffMax(Duration.ofSeconds(1800))
            .wakeTimeout(Duration.ofSeconds(60)).build();
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private final PollPolicy policy = new PollPolicy(DEFAULTS, false, new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0.5;
        }
    });

    static VehicleSnapshot parked() {
        return Snapshots.of("P", null, "Disconnected", false, false, false, Map.of(), null);
    }

    static VehicleSnapshot driving() {
        return Snapshots.of("D", 80.0, "Disconnected", true, true, false, Map.of(), null);
    }

    static VehicleSnapshot charging() {
        return Snapshots.of("P", null, "Charging", false, false, false, Map.of(), null);
    }

    private static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void anOnlineCarSeenFirstIsReadAtOnce() {
        PollStep step = policy.onState(PollState.initial(), OnlineState.ONLINE, T0);
        assertThat(step.action()).isEqualTo(PollAction.FETCH_DATA);
        assertThat(step.at()).isEqualTo(T0);
    }

    @Test
    void anAsleepCarIsOnlyWatchedAtTheSleepInterval() {
        PollStep step = policy.onState(PollState.initial(), OnlineState.ASLEEP, T0);
        assertThat(step.state().mode()).isEqualTo(PollMode.ASLEEP);
        assertThat(step.action()).isEqualTo(PollAction.CHECK_STATE);
        assertThat(step.at()).isEqualTo(t(660));
        PollStep offline = policy.onState(PollState.initial(), OnlineState.OFFLINE, T0);
        assertThat(offline.state().mode()).isEqualTo(PollMode.OFFLINE);
        assertThat(offline.action()).isEqualTo(PollAction.CHECK_STATE);
    }

    @Test
    void drivingAndChargingArePolledAtTheirIntervals() {
        PollStep d = policy.onData(PollState.initial(), driving(), T0, 1);
        assertThat(d.state().mode()).isEqualTo(PollMode.DRIVING);
        assertThat(d.action()).isEqualTo(PollAction.FETCH_DATA);
        assertThat(d.at()).isEqualTo(t(120));
        PollStep c = policy.onData(d.state(), charging(), t(120), 1);
        assertThat(c.state().mode()).isEqualTo(PollMode.CHARGING);
        assertThat(c.at()).isEqualTo(t(720));
    }

    @Test
    void aParkedIdleCarIsSuspendedAfterTheIdleTimeThenLeftToSleep() {
        PollStep s = policy.onData(PollState.initial(), driving(), T0, 1);           // last activity at T0
        s = policy.onData(s.state(), parked(), t(120), 1);
        assertThat(s.state().mode()).isEqualTo(PollMode.PARKED_AWAKE);
        assertThat(s.action()).isEqualTo(PollAction.FETCH_DATA);
        assertThat(s.at()).isEqualTo(t(420));
        s = policy.onData(s.state(), parked(), t(420), 1);
        assertThat(s.at()).as("no later than the end of the idle time").isEqualTo(t(720));
        s = policy.onData(s.state(), parked(), t(720), 1);
        assertThat(s.at()).isEqualTo(t(900));
        s = policy.onData(s.state(), parked(), t(900), 1);
        assertThat(s.state().mode()).isEqualTo(PollMode.SUSPENDED);
        assertThat(s.state().suspendUntil()).isEqualTo(t(900 + 1260));
        assertThat(s.action()).as("only the state is watched").isEqualTo(PollAction.CHECK_STATE);
        assertThat(s.at()).isEqualTo(t(960));

        PollStep still = policy.onState(s.state(), OnlineState.ONLINE, t(960));
        assertThat(still.state().mode()).isEqualTo(PollMode.SUSPENDED);
        assertThat(still.action()).isEqualTo(PollAction.CHECK_STATE);

        PollStep asleep = policy.onState(still.state(), OnlineState.ASLEEP, t(1860));
        assertThat(asleep.state().mode()).isEqualTo(PollMode.ASLEEP);
        assertThat(asleep.at()).isEqualTo(t(1860 + 660));
    }

    @Test
    void whenTheSuspensionEndsWithTheCarOnlineItIsReadOnceAndDecidedAgain() {
        PollState suspended = new PollState(PollMode.SUSPENDED, T0, t(2160), 0, null, null, null, null);
        PollStep last = policy.onState(suspended, OnlineState.ONLINE, t(2120));
        assertThat(last.at()).as("the last check lands on the end of the window").isEqualTo(t(2160));
        PollStep end = policy.onState(last.state(), OnlineState.ONLINE, t(2160));
        assertThat(end.action()).isEqualTo(PollAction.FETCH_DATA);
        assertThat(end.state().mode()).isEqualTo(PollMode.PARKED_AWAKE);
        PollStep again = policy.onData(end.state(), parked(), t(2160), 1);
        assertThat(again.state().mode()).as("still idle: suspended again").isEqualTo(PollMode.SUSPENDED);
    }

    @Test
    void aCarThatWakesUpIsReadAtOnceAndCountsAsActive() {
        PollStep asleep = policy.onState(PollState.initial(), OnlineState.ASLEEP, T0);
        PollStep woke = policy.onState(asleep.state(), OnlineState.ONLINE, t(660));
        assertThat(woke.action()).isEqualTo(PollAction.FETCH_DATA);
        assertThat(woke.at()).isEqualTo(t(660));
        assertThat(woke.state().lastActiveAt()).isEqualTo(t(660));
        PollStep read = policy.onData(woke.state(), parked(), t(661), 1);
        assertThat(read.state().mode()).as("woke for a reason: watched for a full idle time").isEqualTo(PollMode.PARKED_AWAKE);
    }

    @Test
    void nothingThatKeepsTheCarAwakeIsSuspended() {
        List<VehicleSnapshot> busy = List.of(
                Snapshots.of("P", null, "Disconnected", true, false, false, Map.of(), null),          // user present
                Snapshots.of("P", null, "Disconnected", false, true, false, Map.of(), null),          // climate
                Snapshots.of("P", null, "Disconnected", false, false, true, Map.of(), null),          // sentry
                Snapshots.of("P", null, "Disconnected", false, false, false, Map.of("driver_front", true), null),
                Snapshots.of("P", null, "Disconnected", false, false, false, Map.of(), "downloading"),
                charging());
        for (VehicleSnapshot s : busy) {
            PollState old = new PollState(PollMode.PARKED_AWAKE, t(-5000), null, 0, null, null, null, null);
            PollStep step = policy.onData(old, s, T0, 1);
            assertThat(step.state().mode()).isNotEqualTo(PollMode.SUSPENDED);
            assertThat(step.action()).isEqualTo(PollAction.FETCH_DATA);
            assertThat(step.state().lastActiveAt()).isEqualTo(T0);
        }
    }

    @Test
    void a408IsSleepNotFailure() {
        PollState driving = policy.onData(PollState.initial(), driving(), T0, 1).state();
        PollStep step = policy.onFailure(driving, PollAction.FETCH_DATA, PollFailure.ASLEEP, null, t(120));
        assertThat(step.state().mode()).isEqualTo(PollMode.ASLEEP);
        assertThat(step.state().failures()).isZero();
        assertThat(step.action()).as("no retry of the data call").isEqualTo(PollAction.CHECK_STATE);
        assertThat(step.at()).isEqualTo(t(120 + 660));
    }

    @Test
    void failuresBackOffExponentiallyCappedAndResetOnSuccess() {
        PollState s = policy.onData(PollState.initial(), driving(), T0, 1).state();
        Instant now = t(120);
        long[] expected = {120, 240, 480, 960, 1800, 1800};
        for (long seconds : expected) {
            PollStep step = policy.onFailure(s, PollAction.FETCH_DATA, PollFailure.ERROR, null, now);
            assertThat(step.state().mode()).isEqualTo(PollMode.BACKING_OFF);
            assertThat(step.state().backoffReason()).isEqualTo("errors");
            assertThat(step.action()).as("the failed request is retried").isEqualTo(PollAction.FETCH_DATA);
            assertThat(Duration.between(now, step.at())).isEqualTo(Duration.ofSeconds(seconds));
            s = new PollState(PollMode.DRIVING, step.state().lastActiveAt(), null, step.state().failures(), null, null, null, null);
        }
        PollStep ok = policy.onData(s, driving(), now, 1);
        assertThat(ok.state().failures()).isZero();
    }

    @Test
    void jitterSpreadsRetriesByTwentyPercent() {
        PollPolicy low = new PollPolicy(DEFAULTS, false, constant(0.0));
        PollPolicy high = new PollPolicy(DEFAULTS, false, constant(0.9999));
        PollState s = new PollState(PollMode.PARKED_AWAKE, T0, null, 0, null, null, null, null);
        assertThat(low.backoffDelay(s, 1)).isEqualTo(Duration.ofSeconds(240));
        assertThat(high.backoffDelay(s, 1).toSeconds()).isBetween(359L, 360L);
    }

    @Test
    void aRateLimitIsObeyedForAsLongAsTeslaSaysUpToTheBackoffCap() {
        PollState s = policy.onData(PollState.initial(), driving(), T0, 1).state();
        PollStep short429 = policy.onFailure(s, PollAction.FETCH_DATA, PollFailure.RATE_LIMITED, Duration.ofSeconds(45), t(120));
        assertThat(short429.at()).isEqualTo(t(120 + 45));
        PollStep step = policy.onFailure(s, PollAction.FETCH_DATA, PollFailure.RATE_LIMITED, Duration.ofSeconds(999999999), t(120));
        assertThat(step.state().mode()).isEqualTo(PollMode.BACKING_OFF);
        assertThat(step.state().backoffReason()).isEqualTo("rate_limited");
        assertThat(step.at()).as("an absurd Retry-After is capped at BACKOFF_MAX_SECONDS, not decades")
                .isEqualTo(t(120).plus(policy.rateLimitWait(Duration.ofDays(100000))));
        assertThat(policy.rateLimitWait(Duration.ofSeconds(999999999))).isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(step.state().failures()).as("not an error of ours").isZero();
        PollStep unknown = policy.onFailure(s, PollAction.FETCH_DATA, PollFailure.RATE_LIMITED, null, t(120));
        assertThat(unknown.at()).isEqualTo(t(120).plus(PollPolicy.DEFAULT_RATE_LIMIT_WAIT));
    }

    @Test
    void theBillingLimitAndAMissingRegistrationStopDataCallsForLong() {
        PollState s = PollState.initial();
        PollStep billing = policy.onFailure(s, PollAction.FETCH_DATA, PollFailure.BILLING_LIMIT, null, T0);
        assertThat(billing.state().backoffReason()).isEqualTo("billing_limit");
        assertThat(billing.at()).isEqualTo(T0.plus(Duration.ofHours(6)));
        PollStep region = policy.onFailure(s, PollAction.FETCH_DATA, PollFailure.NOT_REGISTERED, null, T0);
        assertThat(region.state().backoffReason()).isEqualTo("not_registered");
        assertThat(region.at()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void withoutALoginTheCarWaitsAndChecksItsStateAgain() {
        PollStep step = policy.onFailure(PollState.initial(), PollAction.FETCH_DATA, PollFailure.NOT_LOGGED_IN, null, T0);
        assertThat(step.state().backoffReason()).isEqualTo("login");
        assertThat(step.action()).isEqualTo(PollAction.CHECK_STATE);
        assertThat(step.at()).isEqualTo(t(300));
    }

    @Test
    void theBudgetStretchesDataIntervalsButNotStateChecks() {
        PollStep d = policy.onData(PollState.initial(), driving(), T0, 2.5);
        assertThat(d.at()).isEqualTo(t(300));
        PollStep asleep = policy.onState(PollState.initial(), OnlineState.ASLEEP, T0);
        assertThat(asleep.at()).isEqualTo(t(660));
    }

    @Test
    void withoutWakeOnPollNothingIsEverWoken() {
        PollState s = PollState.initial();
        for (OnlineState state : OnlineState.values()) {
            assertThat(policy.onState(s, state, T0).action()).isNotEqualTo(PollAction.WAKE);
        }
    }

    @Test
    void wakeOnPollKeepsTheEarlierBehaviour() {
        PollPolicy waking = new PollPolicy(DEFAULTS, true, constant(0.5));
        PollStep wake = waking.onState(PollState.initial(), OnlineState.ASLEEP, T0);
        assertThat(wake.action()).isEqualTo(PollAction.WAKE);
        PollStep sent = waking.onWakeSent(wake.state(), T0);
        assertThat(sent.action()).isEqualTo(PollAction.CHECK_STATE);
        assertThat(sent.at()).isEqualTo(t(5));
        PollStep notYet = waking.onState(sent.state(), OnlineState.ASLEEP, t(5));
        assertThat(notYet.action()).as("waiting for it to wake, no second wake").isEqualTo(PollAction.CHECK_STATE);
        PollStep gaveUp = waking.onState(notYet.state(), OnlineState.ASLEEP, t(61));
        assertThat(gaveUp.action()).isEqualTo(PollAction.WAKE);
        assertThat(gaveUp.at()).as("the next wake comes a sleep interval later").isEqualTo(t(61 + 660));
        PollStep online = waking.onState(notYet.state(), OnlineState.ONLINE, t(20));
        assertThat(online.action()).isEqualTo(PollAction.FETCH_DATA);
        PollStep parked = waking.onData(online.state(), parked(), t(4000), 1);
        assertThat(parked.state().mode()).as("never suspended").isEqualTo(PollMode.PARKED_AWAKE);
        assertThat(parked.at()).isEqualTo(t(4300));
    }

    private static RandomGenerator constant(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
