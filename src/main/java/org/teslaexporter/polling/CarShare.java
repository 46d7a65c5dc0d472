package org.teslaexporter.polling;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;
import org.teslaexporter.fleetapi.FleetApi;
import org.teslaexporter.fleetapi.FleetApiException;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * What the poller shares with the other members of a cluster: an account's vehicle list is read from
 * Tesla by the account's owner alone and kept for the others (so a cluster lists each account once), and
 * each car's plan — its sleep-aware state and when it is to be read next — is kept after every step, so
 * the member that takes a car over goes on where the last one stopped: it never wakes the car, keeps it
 * awake, or reads it again before it is due. Alone, it lists through Tesla and keeps nothing.
 */
final class CarShare {

    private static final Logger LOG = Logger.getLogger(CarShare.class.getName());
    private static final Type SUMMARIES = new ArrayList<VehicleSummary>() { }.getClass().getGenericSuperclass();

    private final Cluster cluster;
    private final SharedMap lists;
    private final SharedMap plans;
    private final Jsonb json = JsonbBuilder.create();

    CarShare(Cluster cluster) {
        this.cluster = cluster;
        this.lists = cluster.map("vehicle-lists");
        this.plans = cluster.map("plans");
    }

    /**
     * The account's vehicles: from Tesla on the account's owner (then kept for the others), else the list
     * the owner kept last; empty while there is none (the owner has not listed yet, or this member is cut off).
     */
    Optional<List<VehicleSummary>> vehicles(String account, FleetApi api) throws FleetApiException {
        if (!cluster.clustered()) {
            return Optional.of(api.vehicles());
        }
        if (!lister(account)) {
            return lists.get(account).flatMap(this::summaries);
        }
        List<VehicleSummary> listed = api.vehicles();
        if (!lists.put(account, json.toJson(listed, SUMMARIES))) {
            LOG.warning("The vehicle list of the account " + account + " could not be shared with the other members; they keep the last one.");
        }
        return Optional.of(listed);
    }

    /** Whether this member lists the account's vehicles from Tesla (alone: always). */
    boolean lister(String account) {
        return !cluster.clustered() || cluster.owns(VehiclePoller.ACCOUNT + account);
    }

    /** Whether this member reads {@code vin}. */
    boolean mine(String vin) {
        return cluster.owns(vin);
    }

    /** The plan the car's last reader kept, if any. */
    Optional<PollStep> plan(String vin) {
        return cluster.clustered() ? plans.get(vin).flatMap(this::step) : Optional.empty();
    }

    /** Keeps the car's next step for whoever reads it next; a failure only costs a hand-over its memory. */
    void keep(String vin, PollStep next) {
        if (cluster.clustered()) {
            plans.put(vin, json.toJson(next));
        }
    }

    /** A car no longer monitored by anyone. */
    void forget(String vin) {
        if (cluster.clustered()) {
            plans.remove(vin);
        }
    }

    private Optional<List<VehicleSummary>> summaries(String text) {
        try {
            return Optional.of(json.fromJson(text, SUMMARIES));
        } catch (JsonbException e) {
            LOG.log(Level.WARNING, "A shared vehicle list could not be read; waiting for the next one", e);
            return Optional.empty();
        }
    }

    private Optional<PollStep> step(String text) {
        try {
            return Optional.of(json.fromJson(text, PollStep.class));
        } catch (JsonbException e) {
            LOG.log(Level.WARNING, "A shared plan could not be read; the car starts afresh", e);
            return Optional.empty();
        }
    }
}
