package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSummary;

class VehicleSelectionTest {

    private static final VehicleSummary A = new VehicleSummary("5YJ3E1EA1KF000001", "A", OnlineState.ONLINE);
    private static final VehicleSummary B = new VehicleSummary("5YJYGDEE2MF000002", "B", OnlineState.ASLEEP);
    private static final List<VehicleSummary> ACCOUNT = List.of(A, B);

    @Test
    void withNothingSetEveryVehicleIsMonitored() {
        assertThat(VehicleSelection.select(ACCOUNT, List.of(), null).monitored()).containsExactly(A, B);
    }

    @Test
    void indexPicksOneAsTheEarlierExporterDid() {
        assertThat(VehicleSelection.select(ACCOUNT, List.of(), 1).monitored()).containsExactly(B);
        VehicleSelection outOfRange = VehicleSelection.select(ACCOUNT, List.of(), 2);
        assertThat(outOfRange.monitored()).isEmpty();
        assertThat(outOfRange.warnings()).singleElement().asString().contains("TESLA_VEHICLE_INDEX=2", "has 2 vehicle(s)");
    }

    @Test
    void vinsWinAndUnknownOnesAreWarnedAbout() {
        VehicleSelection s = VehicleSelection.select(ACCOUNT, List.of("5YJYGDEE2MF000002", "LRWYGCEK2MC139168"), 0);
        assertThat(s.monitored()).containsExactly(B);
        assertThat(s.warnings()).hasSize(2);
        assertThat(s.warnings().get(0)).contains("LRWYGCEK2MC139168", "no such vehicle");
        assertThat(s.warnings().get(1)).contains("TESLA_VEHICLE_INDEX is ignored");
    }
}
