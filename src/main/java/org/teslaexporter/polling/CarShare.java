package org.teslaexporter.polling;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>
 * A read is the plan's owner of record's alone: before reading, a member claims its turn by swapping the
 * plan it knows for its claim, in one step on the shared map ({@link SharedMap#replace}). While partitions
 * move (a member died, one joined) two members may both believe for a moment that they own a car, as
 * each looks at its own copy of the partition table; of the two, one swaps and reads, the other finds a
 * newer plan (or a claim in progress) and waits for that. The bill never pays for a hand-over.
 */
final class CarShare {

    private static final Logger LOG = Logger.getLogger(CarShare.class.getName());
    private static final Type SUMMARIES = new ArrayList<VehicleSummary>() { }.getClass().getGenericSuperclass();
    /** How soon a member looks again at a car another member is reading, or whose plan the cluster did not answer for. */
    static final Duration LOOK_AGAIN = Duration.ofSeconds(5);

    /**
     * A car's plan as the members share it: the step its last reader kept, and while a member reads it, that
     * member (the id of its current start, {@link Cluster#memberIds}: never an address, which a member started again
     * after a crash has again) and since when. Compared as text, so each claim differs from the plan it replaces.
     */
    public record Shared(PollStep step, String reader, Instant since) {
    }

    /**
     * What a member does with a car that is due: read it now ({@link #reads}), or wait for {@code instead}
     * (another member's newer plan, or a look again soon).
     */
    record Turn(PollStep instead) {
        static final Turn READ = new Turn(null);

        boolean reads() {
            return instead == null;
        }
    }

    private final Cluster cluster;
    private final SharedMap lists;
    private final SharedMap plans;
    private final Clock clock;
    private final Duration longestStep;
    private final Duration shortestGap;
    /** The text of each car's shared plan as this member last wrote or saw it: what its next claim swaps. */
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Jsonb json = JsonbBuilder.create();

    /**
     * @param longestStep how long one read may take at most: a claim older than that was abandoned
     * @param shortestGap the shortest wait between two reads of a car (the driving interval): an abandoned claim's
     *                    reader may have read before it went, so the car is read again no sooner than that after it
     */
    CarShare(Cluster cluster, Clock clock, Duration longestStep, Duration shortestGap) {
        this.cluster = cluster;
        this.shortestGap = shortestGap;
        this.lists = cluster.map("vehicle-lists");
        this.plans = cluster.map("plans");
        this.clock = clock;
        this.longestStep = longestStep;
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

    /** The plan the car's last reader kept, if any (a car taken over goes on with it). */
    Optional<PollStep> plan(String vin) {
        if (!cluster.clustered()) {
            return Optional.empty();
        }
        Optional<String> text = plans.get(vin);
        text.ifPresent(t -> seen.put(vin, t));
        return text.flatMap(this::shared).map(Shared::step);
    }

    /**
     * Claims this member's turn to read {@code vin}, planned as {@code planned}: it reads if the shared plan is
     * still the one it knows (or another member's abandoned claim, or none), swapped for its claim in one step.
     * Otherwise it waits: for the newer plan another member kept, or {@link #LOOK_AGAIN} while another member is
     * reading it or the cluster does not answer. Alone: always its turn, nothing shared.
     */
    Turn claim(String vin, PollStep planned) {
        if (!cluster.clustered()) {
            return Turn.READ;
        }
        Instant now = clock.instant();
        List<String> members = cluster.memberIds();
        String self = members.isEmpty() ? "" : members.get(0);
        String mine = json.toJson(new Shared(planned, self, now));
        String known = seen.get(vin);
        Shared knownPlan = known == null ? null : shared(known).orElse(null);
        if (known != null && !readElsewhere(knownPlan, self, members, now) && mayHaveRead(knownPlan, now) == null
                && swap(vin, known, mine)) {
            return Turn.READ;
        }
        Optional<String> current = plans.get(vin);
        if (current.isEmpty()) {
            // no plan at all (a car no member has read yet), or the cluster did not answer: then this swap fails too
            return swap(vin, null, mine) ? Turn.READ : new Turn(later(planned, now));
        }
        seen.put(vin, current.get());
        Shared theirs = shared(current.get()).orElse(null);
        if (theirs != null && theirs.reader() == null && theirs.step().at().isAfter(planned.at())) {
            return new Turn(theirs.step());     // read by another member meanwhile: its plan goes on here
        }
        if (readElsewhere(theirs, self, members, now)) {
            return new Turn(later(planned, now));
        }
        Instant notBefore = mayHaveRead(theirs, now);
        if (notBefore != null) {
            // its reader went (or took too long) in the middle of a read: the read may have been made (the bill)
            return new Turn(new PollStep(planned.state(), planned.action(), notBefore));
        }
        return swap(vin, current.get(), mine) ? Turn.READ : new Turn(later(planned, now));
    }

    /**
     * For an abandoned claim whose read may have been made less than {@code shortestGap} ago: when the car may be
     * read again; null for a plan that is no claim, or an older one.
     */
    private Instant mayHaveRead(Shared plan, Instant now) {
        if (plan == null || plan.reader() == null || plan.since() == null) {
            return null;
        }
        Instant notBefore = plan.since().plus(shortestGap);
        return notBefore.isAfter(now) ? notBefore : null;
    }

    /** After this member's read: the car's next step for whoever reads it next, unless another member's plan is newer. */
    void done(String vin, PollStep next) {
        String claim = seen.get(vin);
        if (cluster.clustered() && claim != null && !swap(vin, claim, json.toJson(new Shared(next, null, null)))) {
            seen.remove(vin);       // the next claim looks at what is there
            LOG.fine("The plan of " + vin + " after its read could not be kept (another member's is newer, or no answer).");
        }
    }

    /** This member reads {@code vin} no more (another one does, or nobody). */
    void drop(String vin) {
        seen.remove(vin);
    }

    /** A car no longer monitored by anyone. */
    void forget(String vin) {
        seen.remove(vin);
        if (cluster.clustered()) {
            plans.remove(vin);
        }
    }

    private boolean swap(String vin, String expected, String value) {
        if (plans.replace(vin, expected, value)) {
            seen.put(vin, value);
            return true;
        }
        return false;
    }

    /** Whether {@code plan} is a claim of another member that is in the cluster and still within a read's time. */
    private boolean readElsewhere(Shared plan, String self, List<String> members, Instant now) {
        return plan != null && plan.reader() != null && !plan.reader().equals(self) && plan.since() != null
                && plan.since().plus(longestStep).isAfter(now) && members.contains(plan.reader());
    }

    private static PollStep later(PollStep planned, Instant now) {
        return new PollStep(planned.state(), planned.action(), now.plus(LOOK_AGAIN));
    }

    private Optional<List<VehicleSummary>> summaries(String text) {
        try {
            return Optional.of(json.fromJson(text, SUMMARIES));
        } catch (JsonbException e) {
            LOG.log(Level.WARNING, "A shared vehicle list could not be read; waiting for the next one", e);
            return Optional.empty();
        }
    }

    private Optional<Shared> shared(String text) {
        try {
            return Optional.ofNullable(json.fromJson(text, Shared.class)).filter(p -> p.step() != null && p.step().at() != null);
        } catch (JsonbException e) {
            LOG.log(Level.WARNING, "A shared plan could not be read; the car starts afresh", e);
            return Optional.empty();
        }
    }
}
