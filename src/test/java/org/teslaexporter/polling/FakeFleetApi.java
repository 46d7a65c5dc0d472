package org.teslaexporter.polling;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.teslaexporter.fleetapi.FleetApi;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSnapshot;
import org.teslaexporter.vehicle.VehicleSummary;

/** A Fleet API whose answers the test sets, recording what was asked. */
final class FakeFleetApi implements FleetApi {

    Supplier<List<VehicleSummary>> vehicles = List::of;
    Function<String, VehicleSnapshot> data = vin -> Snapshots.of("D", 50.0, null, true, false, false, java.util.Map.of(), null);
    Function<String, OnlineState> state = vin -> OnlineState.ONLINE;
    final List<String> calls = new ArrayList<>();

    @Override
    public List<VehicleSummary> vehicles() {
        calls.add("vehicles");
        return vehicles.get();
    }

    @Override
    public VehicleSnapshot vehicleData(String vin) {
        calls.add("vehicle_data " + vin);
        return data.apply(vin);
    }

    @Override
    public OnlineState wakeUp(String vin) {
        calls.add("wake_up " + vin);
        return OnlineState.ONLINE;
    }

    @Override
    public OnlineState state(String vin) {
        calls.add("state " + vin);
        return state.apply(vin);
    }
}
