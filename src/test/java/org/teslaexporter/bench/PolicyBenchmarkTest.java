package org.teslaexporter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.teslaexporter.config.PollIntervals;

/**
 * The benchmark's targets for the default settings, on its deterministic 30-day simulation (counts,
 * not timings): at most 25 % of the fixed schedule's data calls, at least 90 % of the possible
 * sleep, no wakes, and data while driving/charging never older than that mode's interval plus one
 * state check (the sleep interval, the longest a wake-up can go unnoticed).
 */
class PolicyBenchmarkTest {

    @Test
    void theDefaultPolicyMeetsItsTargetsOverThirtyDays() {
        PollIntervals defaults = PolicyBenchmark.defaults();
        PolicyBenchmark.Day policy = PolicyBenchmark.total(PolicyBenchmark.run(new PolicyBenchmark.SleepAware(defaults), 30));
        PolicyBenchmark.Day fixed = PolicyBenchmark.total(PolicyBenchmark.run(new PolicyBenchmark.FixedSchedule(), 30));
        assertThat(policy.dataCalls()).isLessThanOrEqualTo(fixed.dataCalls() / 4);
        assertThat(policy.sleptShare()).isGreaterThanOrEqualTo(0.90);
        assertThat(policy.wakes()).isZero();
        assertThat(policy.oldestDrivingSeconds()).isLessThanOrEqualTo(defaults.driving().plus(defaults.sleep()).toSeconds());
        assertThat(policy.oldestChargingSeconds()).isLessThanOrEqualTo(defaults.charging().plus(defaults.sleep()).toSeconds());
        assertThat(fixed.sleptShare()).as("the fixed schedule keeps the car awake").isLessThan(0.1);
    }

    @Test
    void theSimulatedCarSleepsOnlyWhenLeftAlone() {
        List<PolicyBenchmark.Day> pestered = PolicyBenchmark.run((now, car, meter) -> {
            car.vehicleData(now);
            return now + 600;
        }, 1);
        // asleep from midnight (a 408 does not wake it) until the owner wakes it at 07:20; awake ever after
        assertThat(pestered.get(0).sleptSeconds()).isEqualTo(7 * 3600 + 20 * 60);
        List<PolicyBenchmark.Day> alone = PolicyBenchmark.run((now, car, meter) -> now + 86_400, 1);
        assertThat(alone.get(0).sleptShare()).isEqualTo(1.0);
    }
}
