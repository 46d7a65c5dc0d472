package org.teslaexporter.polling;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.teslaexporter.vehicle.TrackedVehicle;

/** For tests of other packages: drives a {@link FleetState} as the poller does. */
public final class TestFleets {

    private TestFleets() {
    }

    public static FleetState fleet(Consumer<FleetEvent> listener) {
        FleetState f = new FleetState();
        f.listener(listener);
        return f;
    }

    /** Adds the vehicle if new, then applies the change; the listener hears what the poller would tell. */
    public static void put(FleetState f, TrackedVehicle v) {
        if (f.vehicle(v.vin()).isEmpty()) {
            var all = new java.util.ArrayList<>(f.vehicles().stream().map(TrackedVehicle::summary).toList());
            all.add(v.summary());
            f.retain(all);
        }
        f.update(v.vin(), UnaryOperator.<TrackedVehicle>identity().andThen(old -> v)::apply);
    }

    public static void remove(FleetState f, String vin) {
        f.remove(vin);
    }
}
