package org.teslaexporter.polling;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * The latest knowledge of every monitored vehicle and of the API connection: written by the poller
 * only, read by the metrics (node_exporter's split between collecting and publishing).
 */
@ApplicationScoped
public class FleetState {

    private final Map<String, TrackedVehicle> vehicles = new ConcurrentHashMap<>();
    private volatile boolean apiUp;
    private volatile boolean regionNotRegistered;
    private volatile Instant lastCycleAt;

    public Optional<TrackedVehicle> vehicle(String vin) {
        return Optional.ofNullable(vehicles.get(vin));
    }

    public Collection<TrackedVehicle> vehicles() {
        return List.copyOf(vehicles.values());
    }

    /**
     * Keeps exactly the given vehicles; others (left the account, deselected) are dropped. A known
     * vehicle takes its new name from the list, but keeps the state its own schedule last read.
     */
    void retain(List<VehicleSummary> monitored) {
        Set<String> vins = new HashSet<>();
        for (VehicleSummary s : monitored) {
            vins.add(s.vin());
            vehicles.merge(s.vin(), new TrackedVehicle(s, null, null),
                    (old, fresh) -> old.withSummary(new VehicleSummary(s.vin(), s.displayName(), old.summary().state())));
        }
        vehicles.keySet().retainAll(vins);
    }

    void update(String vin, UnaryOperator<TrackedVehicle> change) {
        vehicles.computeIfPresent(vin, (k, v) -> change.apply(v));
    }

    void clear() {
        vehicles.clear();
    }

    public boolean apiUp() {
        return apiUp;
    }

    void apiUp(boolean up) {
        apiUp = up;
    }

    /** Tesla answered 412: the partner account must be registered in this region. */
    public boolean regionNotRegistered() {
        return regionNotRegistered;
    }

    void regionNotRegistered(boolean notRegistered) {
        regionNotRegistered = notRegistered;
    }

    /** When the poller last finished a cycle (for the liveness check). */
    public Optional<Instant> lastCycleAt() {
        return Optional.ofNullable(lastCycleAt);
    }

    void cycleFinished(Instant at) {
        lastCycleAt = at;
    }
}
