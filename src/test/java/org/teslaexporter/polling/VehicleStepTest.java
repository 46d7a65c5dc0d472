package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.teslaexporter.config.PollIntervals;
import org.teslaexporter.TestClock;
import org.teslaexporter.config.TelemetrySettings;
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
    private final PollPolicy policy = new PollPolicy(PollIntervals.builder().driving(MINUTE).charging(MINUTE)
            .parked(MINUTE).sleep(MINUTE).suspendAfterIdle(MINUTE.multipliedBy(15)).suspendMax(MINUTE.multipliedBy(21)).stateCheck(MINUTE)
            .backoffMax(MINUTE.multipliedBy(30)).wakeTimeout(MINUTE).build(), false, RandomGenerator.of("L64X128MixRandom"));
    private final VehicleStep step = new VehicleStep(fleet, policy, Duration.ofMinutes(5), clock, TelemetrySettings.OFF);
    /** Streaming on: silent after 5 minutes, one reconciliation read an hour. */
    private final VehicleStep streamingStep = new VehicleStep(fleet, policy, Duration.ofMinutes(5), clock,
            TelemetrySettings.builder().mqttUrl(java.net.URI.create("tcp://127.0.0.1:1883")).reconcile(Duration.ofHours(1))
                    .staleAfter(Duration.ofMinutes(5)).build());

    @BeforeEach
    void twoCars() {
        fleet.retain("family", List.of(new VehicleSummary(A, "Alpha", OnlineState.ONLINE), new VehicleSummary(B, "Beta", OnlineState.ONLINE)));
        fleet.listener(events::add);
    }

    private PollStep fetch() {
        return new PollStep(PollState.initial(), PollAction.FETCH_DATA, clock.instant());
    }

    @Test
    void dataIsRecordedAndToldOnceForThatCarAlone() {
        PollStep next = step.run(api, () -> 1.0, A, fetch());
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
        PollStep next = step.run(api, () -> 1.0, A, fetch());
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
        PollStep next = step.run(api, () -> 1.0, A, fetch());
        assertThat(events).containsExactly(new FleetEvent.PollFailed(A, "Alpha", "server_error"), new FleetEvent.VehicleChanged(A));
        assertThat(next.state().mode()).isEqualTo(PollMode.BACKING_OFF);
        assertThat(fleet.vehicle(A).orElseThrow().polling().backoffReason()).isEqualTo("errors");
    }

    @Test
    void anUnforeseenExceptionIsCountedAsInternalAndTheStepGoesOn() {
        api.data = vin -> {
            throw new IllegalStateException("a bug of ours");
        };
        PollStep next = step.run(api, () -> 1.0, A, fetch());
        assertThat(events).contains(new FleetEvent.PollFailed(A, "Alpha", "internal"));
        assertThat(next.action()).isEqualTo(PollAction.CHECK_STATE);
        assertThat(next.at()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void aStateCheckRecordsTheStateAndDoesNotAskForData() {
        api.state = vin -> OnlineState.ASLEEP;
        PollStep next = step.run(api, () -> 1.0, B, new PollStep(PollState.initial(), PollAction.CHECK_STATE, clock.instant()));
        assertThat(api.calls).containsExactly("state " + B);
        assertThat(fleet.vehicle(B).orElseThrow().summary().state()).isEqualTo(OnlineState.ASLEEP);
        assertThat(next.state().mode()).isEqualTo(PollMode.ASLEEP);
        assertThat(events).containsExactly(new FleetEvent.VehicleChanged(B));
    }

    private void streams(String vin) {
        fleet.change(vin, v -> v.withSignal(clock.instant()));
    }

    @Test
    void aLiveStreamStopsEveryRequestButOneReconciliationRead() {
        streams(A);
        PollStep next = streamingStep.run(api, () -> 1.0, A, fetch());
        assertThat(api.calls).as("the first read, for what the stream does not send").containsExactly("vehicle_data " + A);
        api.calls.clear();
        for (int i = 0; i < 20; i++) {         // 20 steps over ~10 minutes, the car streaming all along
            clock.advance(Duration.ofSeconds(30));
            streams(A);
            next = streamingStep.run(api, () -> 1.0, A, next);
            assertThat(next.state().mode()).isEqualTo(PollMode.STREAMING);
        }
        assertThat(api.calls).as("no request while the stream is live").isEmpty();
        assertThat(fleet.vehicle(A).orElseThrow().polling().mode()).isEqualTo("streaming");
        clock.advance(Duration.ofMinutes(51));    // an hour after the last read
        streams(A);
        next = streamingStep.run(api, () -> 1.0, A, next);
        assertThat(api.calls).as("the hourly reconciliation").containsExactly("vehicle_data " + A);
    }

    @Test
    void aSilentOrDisconnectedStreamHandsTheCarBackToTheSleepAwarePolicy() {
        streams(A);
        fleet.change(A, v -> v.withData(null, clock.instant()));     // reconciled just now
        PollStep next = streamingStep.run(api, () -> 1.0, A, fetch());
        assertThat(next.state().mode()).isEqualTo(PollMode.STREAMING);
        assertThat(api.calls).isEmpty();
        clock.advance(Duration.ofMinutes(6));       // silent for longer than TELEMETRY_STALE_SECONDS
        next = streamingStep.run(api, () -> 1.0, A, next);
        assertThat(api.calls).as("its state first: a silent car may be asleep").containsExactly("state " + A);
        assertThat(next.state().mode()).isNotEqualTo(PollMode.STREAMING);

        api.calls.clear();
        streams(B);
        fleet.change(B, v -> v.withData(null, clock.instant()));
        PollStep b = streamingStep.run(api, () -> 1.0, B, fetch());
        assertThat(b.state().mode()).isEqualTo(PollMode.STREAMING);
        fleet.change(B, v -> v.withConnected(false));
        api.state = vin -> OnlineState.ASLEEP;
        b = streamingStep.run(api, () -> 1.0, B, b);
        assertThat(api.calls).containsExactly("state " + B);
        assertThat(b.state().mode()).as("disconnected because it fell asleep").isEqualTo(PollMode.ASLEEP);
    }

    @Test
    void withStreamingOffNothingStepsAside() {
        streams(A);
        step.run(api, () -> 1.0, A, fetch());
        assertThat(api.calls).containsExactly("vehicle_data " + A);
    }
}
