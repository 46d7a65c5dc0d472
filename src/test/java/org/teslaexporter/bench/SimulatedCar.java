package org.teslaexporter.bench;

import java.util.Map;
import org.teslaexporter.bench.SimulatedDay.Activity;
import org.teslaexporter.polling.Snapshots;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSnapshot;

/**
 * A car as the Fleet API shows it: awake while anything happens, and asleep 15 minutes after the
 * last activity or {@code vehicle_data} call — whichever came later. Reading the state does not
 * keep it awake; a wake-up does. Time is in whole seconds of the simulation.
 */
final class SimulatedCar {

    static final long FALLS_ASLEEP_AFTER = 15 * 60;

    private final SimulatedDay day;
    private boolean asleep;
    private long lastBusy = Long.MIN_VALUE / 2;
    private long lastDataCall = Long.MIN_VALUE / 2;

    SimulatedCar(SimulatedDay day) {
        this.day = day;
    }

    /** Advances the car to {@code now}: activity wakes it, a quiet quarter of an hour puts it to sleep. */
    void tick(long now) {
        if (day.at(now) != Activity.IDLE) {
            asleep = false;
            lastBusy = now;
        } else if (!asleep && now - Math.max(lastBusy, lastDataCall) >= FALLS_ASLEEP_AFTER) {
            asleep = true;
        }
    }

    boolean asleep() {
        return asleep;
    }

    /** Whether the car could be asleep now if nobody polled it. */
    boolean couldSleep(long now) {
        return day.at(now) == Activity.IDLE && now - lastBusy >= FALLS_ASLEEP_AFTER;
    }

    Activity activity(long now) {
        return day.at(now);
    }

    OnlineState state() {
        return asleep ? OnlineState.ASLEEP : OnlineState.ONLINE;
    }

    /** {@code vehicle_data}: null means 408 (asleep), which Tesla bills all the same. */
    VehicleSnapshot vehicleData(long now) {
        if (asleep) {
            return null;
        }
        lastDataCall = now;
        return switch (day.at(now)) {
            case DRIVING -> Snapshots.of("D", 70.0, "Disconnected", true, true, false, Map.of(), null);
            case CHARGING -> Snapshots.of("P", null, "Charging", false, false, false, Map.of(), null);
            case BUSY -> Snapshots.of("P", null, "Disconnected", true, true, false, Map.of("driver_front", true), null);
            case IDLE -> Snapshots.of("P", null, "Disconnected", false, false, false, Map.of(), null);
        };
    }

    void wake(long now) {
        asleep = false;
        lastDataCall = now;
    }
}
