package org.teslaexporter.polling;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * The latest knowledge of every monitored vehicle and of the API connection: written by the poller
 * and by the Fleet Telemetry stream ({@link #change}), read by the metrics and the set-up page
 * (node_exporter's split between collecting and publishing). Every change of a vehicle is told as a
 * {@link FleetEvent} naming that vehicle alone.
 */
@ApplicationScoped
public class FleetState {

    @Inject
    Event<FleetEvent> events;

    private Consumer<FleetEvent> listener = e -> { };
    private final Map<String, TrackedVehicle> vehicles = new ConcurrentHashMap<>();
    /** Which account reads each vehicle: the first that listed it (a car shared with a second driver is read once). */
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    /**
     * Each account's vehicles, kept as they come and go: an account's list, its count and its removal
     * touch that account's cars alone, never the whole fleet.
     */
    private final Map<String, Set<String>> byAccount = new ConcurrentHashMap<>();
    /**
     * The vehicles each account lists (selected), whichever member reads them: in a cluster, a member
     * keeps what the stream says of these cars until it reads one of them itself.
     */
    private final Map<String, Set<String>> listedBy = new ConcurrentHashMap<>();
    private final Map<String, String> listedIn = new ConcurrentHashMap<>();
    private volatile boolean apiUp;
    private volatile boolean regionNotRegistered;
    private volatile Instant lastCycleAt;

    @PostConstruct
    void connect() {
        listener = events::fire;
    }

    /** For tests: who hears the events. */
    void listener(Consumer<FleetEvent> l) {
        listener = l;
    }

    /** Tells the publisher (synchronously, in this thread). */
    void tell(FleetEvent event) {
        listener.accept(event);
    }

    public int size() {
        return vehicles.size();
    }

    public Optional<TrackedVehicle> vehicle(String vin) {
        return Optional.ofNullable(vehicles.get(vin));
    }

    public Collection<TrackedVehicle> vehicles() {
        return List.copyOf(vehicles.values());
    }

    /** The account that reads {@code vin}, if it is monitored. */
    public Optional<String> account(String vin) {
        return Optional.ofNullable(owners.get(vin));
    }

    /** How many vehicles {@code account} has here. */
    public int size(String account) {
        Set<String> vins = byAccount.get(account);
        return vins == null ? 0 : vins.size();
    }

    /** The vehicles of one account. */
    public List<TrackedVehicle> vehicles(String account) {
        return owned(account).stream().map(vehicles::get).filter(java.util.Objects::nonNull).toList();
    }

    /** A copy of the VINs {@code account} reads. */
    private Set<String> owned(String account) {
        Set<String> vins = byAccount.get(account);
        return vins == null ? Set.of() : Set.copyOf(vins);
    }

    /**
     * Keeps exactly the given vehicles of {@code account}; its others (left the account, deselected) are
     * dropped. A vehicle another account already reads (a car shared with a second driver) stays that
     * account's and is left out here. A known vehicle takes its new name from the list, but keeps the
     * state its own schedule last read.
     *
     * @return the vehicles this account reads, in the list's order
     */
    List<VehicleSummary> retain(String account, List<VehicleSummary> monitored) {
        Set<String> vins = new HashSet<>();
        List<VehicleSummary> own = new java.util.ArrayList<>();
        for (VehicleSummary s : monitored) {
            String owner = owners.putIfAbsent(s.vin(), account);
            if (owner != null && !owner.equals(account)) {
                continue;
            }
            if (owner == null) {
                byAccount.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(s.vin());
            }
            own.add(s);
            vins.add(s.vin());
            TrackedVehicle before = vehicles.get(s.vin());
            TrackedVehicle after = vehicles.merge(s.vin(), new TrackedVehicle(s, null, null),
                    (old, fresh) -> old.withSummary(new VehicleSummary(s.vin(), s.displayName(), old.summary().state())));
            if (!after.equals(before)) {
                tell(new FleetEvent.VehicleChanged(s.vin()));    // new, or renamed: nothing is told for the others
            }
        }
        for (String vin : owned(account)) {
            if (!vins.contains(vin)) {
                remove(vin);
            }
        }
        return own;
    }

    /**
     * A change from another source than the poller (the Fleet Telemetry stream), to a monitored
     * vehicle only: returns false, changing nothing, for a VIN that is not monitored.
     */
    public boolean change(String vin, UnaryOperator<TrackedVehicle> change) {
        boolean[] changed = new boolean[1];
        if (vehicles.computeIfPresent(vin, (k, v) -> {
            TrackedVehicle after = change.apply(v);
            changed[0] = after != v;
            return after;
        }) == null) {
            return false;
        }
        if (changed[0]) {       // the same (immutable) vehicle back: nothing changed, no one is told
            tell(new FleetEvent.VehicleChanged(vin));
        }
        return true;
    }

    /** The poller's change of a vehicle (a step's outcome); nothing for a vehicle no longer monitored. */
    void update(String vin, UnaryOperator<TrackedVehicle> change) {
        change(vin, change);
    }

    void remove(String vin) {
        TrackedVehicle gone = vehicles.remove(vin);
        String owner = owners.remove(vin);
        if (owner != null) {
            Set<String> vins = byAccount.get(owner);
            if (vins != null) {
                vins.remove(vin);
            }
        }
        if (gone != null) {
            tell(new FleetEvent.VehicleRemoved(vin, gone.name()));
        }
    }

    /** Whether an account lists {@code vin} (selected), whichever member of a cluster reads it. */
    public boolean listed(String vin) {
        return listedIn.containsKey(vin);
    }

    /**
     * The vehicles {@code account} lists now (selected); a vehicle no account lists any more is told as
     * {@link FleetEvent.Unlisted}. Work in proportion to the account's vehicles.
     */
    void listed(String account, Set<String> vins) {
        Set<String> before = listedBy.put(account, Set.copyOf(vins));
        for (String vin : vins) {
            listedIn.putIfAbsent(vin, account);
        }
        if (before != null) {
            for (String vin : before) {
                if (!vins.contains(vin) && listedIn.remove(vin, account)) {
                    // a car shared with a second driver stays listed through the other account
                    String other = listedBy.entrySet().stream().filter(e -> e.getValue().contains(vin)).map(Map.Entry::getKey)
                            .findFirst().orElse(null);
                    if (other != null) {
                        listedIn.put(vin, other);
                    } else {
                        tell(new FleetEvent.Unlisted(vin));
                    }
                }
            }
        }
    }

    /** Drops every vehicle of {@code account} (its login is gone, or the account). */
    void clear(String account) {
        listed(account, Set.of());
        owned(account).forEach(this::remove);
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
