package org.teslaexporter.polling;

import java.time.Instant;
import java.util.Map;
import org.teslaexporter.vehicle.ChargingState;
import org.teslaexporter.vehicle.Gear;
import org.teslaexporter.vehicle.VehicleSnapshot;

/** Minimal snapshots for policy tests and the benchmark: only what the policy looks at (gear and charging state in Tesla's words). */
public final class Snapshots {

    private Snapshots() {
    }

    public static VehicleSnapshot of(String gear, Double speedKmh, String chargingState, boolean userPresent,
            boolean climateOn, boolean sentry, Map<String, Boolean> doorsOpen, String updateStatus) {
        return new VehicleSnapshot("car", Instant.EPOCH,
                new VehicleSnapshot.Charge(70.0, 69.0, 400.0, 420.0, 380.0, 80.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0,
                        16.0, 16.0, 16.0, null, 0.0, 0.0, false, false, false, false, false, null, ChargingState.fromTesla(chargingState),
                        50.0, 10000.0, 20.0, 21.0),
                new VehicleSnapshot.Climate(20.0, 10.0, 21.0, 21.0, climateOn, false, false, false, false, 0.0, 0.0,
                        0.0, Map.of()),
                new VehicleSnapshot.Drive(52.0, 4.9, 90.0, speedKmh, 0.0, Gear.fromTesla(gear), Instant.EPOCH),
                new VehicleSnapshot.Body(1000.0, true, sentry, false, userPresent, false, false, 0.0, null,
                        doorsOpen, Map.of(), Map.of()),
                new VehicleSnapshot.Tyres(Map.of(), Map.of(), Map.of(), Map.of(), Map.of()),
                new VehicleSnapshot.Software("2025.20", updateStatus != null, updateStatus, null, null, null),
                new VehicleSnapshot.Equipment("model3", null, null, null, null));
    }
}
