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

    /** The account of {@link #put(FleetState, TrackedVehicle)}. */
    public static final String ACCOUNT = "default";

    /** Adds the vehicle if new (to the account {@link #ACCOUNT}), then applies the change; the listener hears what the poller would tell. */
    public static void put(FleetState f, TrackedVehicle v) {
        put(f, ACCOUNT, v);
    }

    /** Adds the vehicle to {@code account} if new, then applies the change. */
    public static void put(FleetState f, String account, TrackedVehicle v) {
        if (f.vehicle(v.vin()).isEmpty()) {
            var all = new java.util.ArrayList<>(f.vehicles(account).stream().map(TrackedVehicle::summary).toList());
            all.add(v.summary());
            f.retain(account, all);
        }
        f.update(v.vin(), UnaryOperator.<TrackedVehicle>identity().andThen(old -> v)::apply);
    }

    public static void remove(FleetState f, String vin) {
        f.remove(vin);
    }
}
