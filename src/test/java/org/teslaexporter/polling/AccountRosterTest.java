package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.TestClock;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;
import org.teslaexporter.fleetapi.FleetServerException;
import org.teslaexporter.fleetapi.NotLoggedInException;
import org.teslaexporter.fleetapi.RateLimitedException;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSummary;

/** The account cycle without a server: which schedules start and stop, and what is told. */
class AccountRosterTest {

    static final String A = "5YJ3E1EA1KF000301";
    static final String B = "5YJ3E1EA1KF000302";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final FakeFleetApi api = new FakeFleetApi();
    private final FleetState fleet = new FleetState();
    private final List<FleetEvent> events = new ArrayList<>();
    private final Settings settings = SettingsReader.read(name -> switch (name) {
        case "POLL_INTERVAL_SECONDS" -> Optional.of("300");
        case "BACKOFF_MAX_SECONDS" -> Optional.of("1800");
        default -> Optional.empty();
    });
    private final PollPolicy policy = new PollPolicy(settings.polling(), false, RandomGenerator.of("L64X128MixRandom"));
    private final AccountRoster roster = new AccountRoster("family", api,
            new CarShare(Cluster.ALONE, clock, Duration.ofMinutes(3), Duration.ofSeconds(10)), fleet, policy, settings, clock);

    AccountRosterTest() {
        fleet.listener(events::add);
    }

    private static VehicleSummary car(String vin, String name, OnlineState state) {
        return new VehicleSummary(vin, name, state);
    }

    @Test
    void newCarsStartUnchangedCarsAreLeftAloneAndGoneCarsStop() {
        api.vehicles = () -> List.of(car(A, "Alpha", OnlineState.ONLINE), car(B, "Beta", OnlineState.ASLEEP));
        AccountRoster.Result first = roster.cycle(Set.of());
        assertThat(first.start()).containsOnlyKeys(A, B);
        assertThat(first.start().get(B).action()).as("an asleep car is only watched").isEqualTo(PollAction.CHECK_STATE);
        assertThat(first.stop()).isEmpty();
        assertThat(first.next()).isEqualTo(clock.instant().plus(settings.polling().sleep()));
        assertThat(events).containsExactlyInAnyOrder(new FleetEvent.VehicleChanged(A), new FleetEvent.VehicleChanged(B));

        events.clear();
        api.vehicles = () -> List.of(car(A, "Alpha", OnlineState.ONLINE));
        AccountRoster.Result second = roster.cycle(Set.of(A, B));
        assertThat(second.start()).isEmpty();
        assertThat(second.stop()).containsExactly(B);
        assertThat(fleet.vehicle(B)).isEmpty();
        assertThat(events).as("the unchanged car is not told about; the gone one is no longer listed, and removed")
                .containsExactly(new FleetEvent.Unlisted(B), new FleetEvent.VehicleRemoved(B, "Beta"));
        assertThat(fleet.listed(A)).isTrue();
        assertThat(fleet.listed(B)).isFalse();
    }

    @Test
    void aRenamedCarIsToldAndKeepsItsOwnState() {
        api.vehicles = () -> List.of(car(A, "Alpha", OnlineState.ONLINE));
        roster.cycle(Set.of());
        fleet.update(A, v -> v.withSummary(v.summary().withState(OnlineState.ASLEEP)));
        events.clear();
        api.vehicles = () -> List.of(car(A, "Alpha Two", OnlineState.ONLINE));
        roster.cycle(Set.of(A));
        assertThat(events).containsExactly(new FleetEvent.VehicleChanged(A));
        assertThat(fleet.vehicle(A).orElseThrow().name()).isEqualTo("Alpha Two");
        assertThat(fleet.vehicle(A).orElseThrow().summary().state()).as("the car's own schedule read it last").isEqualTo(OnlineState.ASLEEP);
    }

    @Test
    void withoutALoginEveryScheduleStopsAndTheSeriesGo() {
        api.vehicles = () -> List.of(car(A, "Alpha", OnlineState.ONLINE));
        roster.cycle(Set.of());
        api.vehicles = () -> {
            throw new NotLoggedInException("not logged in");
        };
        AccountRoster.Result r = roster.cycle(Set.of(A));
        assertThat(r.stop()).containsExactly(A);
        assertThat(fleet.size()).isZero();
        assertThat(fleet.apiUp()).isFalse();
    }

    @Test
    void aFailedListIsCountedAndRetriedSoonThenLessOften() {
        api.vehicles = () -> {
            throw new FleetServerException(502, "502 bad gateway");
        };
        assertThat(roster.cycle(Set.of()).next()).isEqualTo(clock.instant().plusSeconds(5));
        assertThat(roster.cycle(Set.of()).next()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(events).containsExactly(new FleetEvent.AccountFailed("family", "server_error"),
                new FleetEvent.AccountFailed("family", "server_error"));
    }

    @Test
    void aRateLimitedListWaitsAsTeslaAsksButNeverLongerThanTheBackoffCap() {
        api.vehicles = () -> {
            throw new RateLimitedException("Retry in 999999999 seconds", "999999999");
        };
        assertThat(roster.cycle(Set.of()).next()).isEqualTo(clock.instant().plus(Duration.ofSeconds(1800)));
        api.vehicles = () -> {
            throw new RateLimitedException("Retry in 120 seconds", "120");
        };
        assertThat(roster.cycle(Set.of()).next()).isEqualTo(clock.instant().plusSeconds(120));
    }

    @Test
    void aCarTakenOverGoesOnWithItsLastReadersPlan() {
        org.teslaexporter.cluster.TestCluster member = new org.teslaexporter.cluster.TestCluster(clock);
        member.owned.addAll(Set.of(VehiclePoller.ACCOUNT + "family", A));
        CarShare share = new CarShare(member, clock, Duration.ofMinutes(3), Duration.ofSeconds(10));
        CarShare lastReader = new CarShare(member.sibling(), clock, Duration.ofMinutes(3), Duration.ofSeconds(10));
        AccountRoster clustered = new AccountRoster("family", api, share, fleet, policy, settings, clock);
        api.vehicles = () -> List.of(car(A, "Alpha", OnlineState.ONLINE), car(B, "Beta", OnlineState.ONLINE));
        assertThat(clustered.cycle(Set.of()).start()).as("only the car this member owns").containsOnlyKeys(A);
        assertThat(fleet.vehicle(B)).isEmpty();
        assertThat(fleet.listed(B)).as("but the other is known as the cluster's (its stream is kept for a hand-over)").isTrue();
        // B's last reader (another member) read it and kept its plan: due in a minute
        PollStep read = new PollStep(PollState.initial(), PollAction.FETCH_DATA, clock.instant());
        assertThat(lastReader.claim(B, read).reads()).isTrue();
        PollStep later = new PollStep(PollState.initial(), PollAction.FETCH_DATA, clock.instant().plus(Duration.ofMinutes(1)));
        lastReader.done(B, later);
        member.owned.add(B);
        AccountRoster.Result handedOver = clustered.reapply(Set.of(A), clock.instant());
        assertThat(handedOver.start()).containsOnlyKeys(B);
        assertThat(handedOver.start().get(B)).as("not read again before it is due").isEqualTo(later);
        member.owned.remove(A);
        assertThat(clustered.reapply(Set.of(A, B), clock.instant()).stop()).containsExactly(A);
        assertThat(fleet.listed(A)).as("read elsewhere now, still the cluster's").isTrue();
    }
}
