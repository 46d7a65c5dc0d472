package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSummary;

/** The fleet of several accounts: each car is one account's, a car shared by two is read once, and one account's list touches its own cars alone. */
class FleetStateTest {

    private static final String V1 = "5YJ3E1EA1KF000501";
    private static final String V2 = "5YJ3E1EA1KF000502";
    private static final String V3 = "5YJ3E1EA1KF000503";

    private static List<VehicleSummary> cars(String... vins) {
        return java.util.Arrays.stream(vins).map(v -> new VehicleSummary(v, "car " + v.substring(14), OnlineState.ONLINE)).toList();
    }

    @Test
    void aCarSharedByTwoAccountsIsReadThroughTheFirstAndEachListTouchesItsOwnCarsAlone() {
        FleetState fleet = new FleetState();
        List<FleetEvent> events = new ArrayList<>();
        fleet.listener(events::add);

        assertThat(fleet.retain("dad", cars(V1, V2))).extracting(VehicleSummary::vin).containsExactly(V1, V2);
        assertThat(fleet.retain("anna", cars(V2, V3))).as("V2 is dad's already: anna's list reads V3 alone")
                .extracting(VehicleSummary::vin).containsExactly(V3);
        assertThat(fleet.account(V2)).contains("dad");
        assertThat(fleet.size("dad")).isEqualTo(2);
        assertThat(fleet.size("anna")).isEqualTo(1);
        assertThat(fleet.vehicles("anna")).extracting(v -> v.vin()).containsExactly(V3);

        events.clear();
        fleet.retain("anna", cars(V2));     // V3 left anna's account
        assertThat(events).containsExactly(new FleetEvent.VehicleRemoved(V3, "car 503"));
        assertThat(fleet.vehicle(V1)).as("dad's cars untouched by anna's list").isPresent();

        fleet.clear("dad");     // dad's login is gone
        assertThat(fleet.size("dad")).isZero();
        assertThat(fleet.retain("anna", cars(V2))).as("the shared car is anna's now").extracting(VehicleSummary::vin)
                .containsExactly(V2);
        assertThat(fleet.account(V2)).contains("anna");
        assertThat(fleet.size()).isEqualTo(1);
    }

    @Test
    void aChangeIsToldOnlyWhenItChangesTheCar() {
        FleetState fleet = new FleetState();
        List<FleetEvent> events = new ArrayList<>();
        fleet.listener(events::add);
        fleet.retain("dad", cars(V1));
        events.clear();

        assertThat(fleet.change(V1, v -> v)).as("monitored").isTrue();
        assertThat(events).as("the same car back: a look-up, told to no one").isEmpty();
        assertThat(fleet.change(V1, v -> v.withConnected(true))).isTrue();
        assertThat(events).containsExactly(new FleetEvent.VehicleChanged(V1));
        assertThat(fleet.change(V2, v -> v.withConnected(true))).as("not monitored: nothing changed").isFalse();
        assertThat(events).hasSize(1);
    }
}
