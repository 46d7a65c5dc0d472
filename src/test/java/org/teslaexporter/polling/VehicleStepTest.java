package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestClock;
import org.teslaexporter.fleetapi.FleetServerException;
import org.teslaexporter.fleetapi.VehicleAsleepException;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSummary;

/** One car's poll step without a server: what it asks, what it records, what it tells, and that it never throws. */
class VehicleStepTest {

    static final String A = "5YJ3E1EA1KF000201";
    static final String B = "5YJ3E1EA1KF000202";
    static final Duration MINUTE = Duration.ofMinutes(1);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final FakeFleetApi api = new FakeFleetApi();
    private final FleetState fleet = new FleetState();
    private final List<FleetEvent> events = new ArrayList<>();
    private final PollPolicy policy = new PollPolicy(new PollIntervals(MINUTE, MINUTE, MINUTE, MINUTE, MINUTE.multipliedBy(15),
            MINUTE.multipliedBy(21), MINUTE, MINUTE.multipliedBy(30), MINUTE), false, RandomGenerator.of("L64X128MixRandom"));
    private final VehicleStep step = new VehicleStep(api, fleet, policy, () -> 1.0, Duration.ofMinutes(5), clock);

    @BeforeEach
    void twoCars() {
        fleet.retain(List.of(new VehicleSummary(A, "Alpha", OnlineState.ONLINE), new VehicleSummary(B, "Beta", OnlineState.ONLINE)));
        fleet.listener(events::add);
    }

    private PollStep fetch() {
        return new PollStep(PollState.initial(), PollAction.FETCH_DATA, clock.instant());
    }

    @Test
    void dataIsRecordedAndToldOnceForThatCarAlone() {
        PollStep next = step.run(A, fetch());
        assertThat(api.calls).containsExactly("vehicle_data " + A);
        assertThat(fleet.vehicle(A).orElseThrow().snapshot()).isNotNull();
        assertThat(fleet.vehicle(A).orElseThrow().polling().mode()).isEqualTo("driving");
        assertThat(fleet.vehicle(B).orElseThrow().snapshot()).as("the other car is untouched").isNull();
        assertThat(events).containsExactly(new FleetEvent.VehicleChanged(A));
        assertThat(next.state().mode()).isEqualTo(PollMode.DRIVING);
        assertThat(next.action()).isEqualTo(PollAction.FETCH_DATA);
        assertThat(next.at()).isEqualTo(clock.instant().plus(MINUTE));
    }

    @Test
    void a408IsSleepNotAnError() {
        api.data = vin -> {
            throw new VehicleAsleepException("vehicle unavailable");
        };
        PollStep next = step.run(A, fetch());
        assertThat(fleet.vehicle(A).orElseThrow().summary().state()).isEqualTo(OnlineState.ASLEEP);
        assertThat(events).containsExactly(new FleetEvent.VehicleChanged(A));
        assertThat(next.state().mode()).isEqualTo(PollMode.ASLEEP);
        assertThat(next.action()).isEqualTo(PollAction.CHECK_STATE);
    }

    @Test
    void aServerErrorIsCountedForThatCarAndBacksOff() {
        api.data = vin -> {
            throw new FleetServerException(503, "503 upstream");
        };
        PollStep next = step.run(A, fetch());
        assertThat(events).containsExactly(new FleetEvent.PollFailed(A, "Alpha", "server_error"), new FleetEvent.VehicleChanged(A));
        assertThat(next.state().mode()).isEqualTo(PollMode.BACKING_OFF);
        assertThat(fleet.vehicle(A).orElseThrow().polling().backoffReason()).isEqualTo("errors");
    }

    @Test
    void anUnforeseenExceptionIsCountedAsInternalAndTheStepGoesOn() {
        api.data = vin -> {
            throw new IllegalStateException("a bug of ours");
        };
        PollStep next = step.run(A, fetch());
        assertThat(events).contains(new FleetEvent.PollFailed(A, "Alpha", "internal"));
        assertThat(next.action()).isEqualTo(PollAction.CHECK_STATE);
        assertThat(next.at()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void aStateCheckRecordsTheStateAndDoesNotAskForData() {
        api.state = vin -> OnlineState.ASLEEP;
        PollStep next = step.run(B, new PollStep(PollState.initial(), PollAction.CHECK_STATE, clock.instant()));
        assertThat(api.calls).containsExactly("state " + B);
        assertThat(fleet.vehicle(B).orElseThrow().summary().state()).isEqualTo(OnlineState.ASLEEP);
        assertThat(next.state().mode()).isEqualTo(PollMode.ASLEEP);
        assertThat(events).containsExactly(new FleetEvent.VehicleChanged(B));
    }
}
