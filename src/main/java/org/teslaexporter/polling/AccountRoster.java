package org.teslaexporter.polling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.teslaexporter.config.Settings;
import org.teslaexporter.fleetapi.FleetApi;
import org.teslaexporter.fleetapi.FleetApiException;
import org.teslaexporter.fleetapi.NotLoggedInException;
import org.teslaexporter.fleetapi.RateLimitedException;
import org.teslaexporter.fleetapi.RegionNotRegisteredException;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * One account's cycle: lists its vehicles (the one read that truly is about all of the account's
 * cars), picks the monitored ones, and says which schedules to start and stop. Knows nothing of
 * timers: the caller carries out the {@link Result}. Each account has its own roster, with its own
 * failures and retry delay.
 */
final class AccountRoster {

    private static final Logger LOG = Logger.getLogger(VehiclePoller.class.getName());
    /** How soon a cluster member that does not list the account itself looks at the owner's list again. */
    static final Duration SHARED_LIST_WAIT = Duration.ofSeconds(10);

    /**
     * @param start  vehicles seen for the first time, with their first step
     * @param stop   vehicles no longer monitored
     * @param next   when to list again
     */
    record Result(Map<String, PollStep> start, List<String> stop, Instant next) {
    }

    private final String account;
    private final FleetApi api;
    private final CarShare share;
    private final FleetState fleet;
    private final PollPolicy policy;
    private final Settings settings;
    private final Clock clock;
    private int failures;
    private String lastMessage = "";
    private List<String> lastSelectionWarnings = List.of();
    /** The account's vehicles as last listed (by this member or, in a cluster, by the account's owner). */
    private List<VehicleSummary> lastListed;

    AccountRoster(String account, FleetApi api, CarShare share, FleetState fleet, PollPolicy policy, Settings settings, Clock clock) {
        this.account = account;
        this.api = api;
        this.share = share;
        this.fleet = fleet;
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
    }

    /** @param scheduled the vehicles that have a schedule now */
    Result cycle(Set<String> scheduled) {
        Instant now = clock.instant();
        List<VehicleSummary> listed;
        try {
            Optional<List<VehicleSummary>> shared = share.vehicles(account, api);
            if (shared.isEmpty()) {
                // a cluster member whose account owner has not listed yet (or that is cut off): ask again soon
                return lastListed == null ? new Result(Map.of(), List.of(), now.plus(SHARED_LIST_WAIT))
                        : apply(lastListed, scheduled, now, now.plus(SHARED_LIST_WAIT));
            }
            listed = shared.get();
            fleet.apiUp(true);
            message("");
            failures = 0;
        } catch (NotLoggedInException e) {
            fleet.apiUp(false);
            message(e.getMessage());
            fleet.clear(account);
            return new Result(Map.of(), List.copyOf(scheduled), now.plus(settings.polling().parked()));
        } catch (FleetApiException e) {
            fleet.apiUp(false);
            fleet.tell(new FleetEvent.AccountFailed(account, e.errorType()));
            if (e instanceof RegionNotRegisteredException) {
                fleet.regionNotRegistered(true);
            }
            message("Listing the vehicles of the account " + account + " failed (" + e.errorType() + "): " + e.getMessage());
            Duration retry = retryDelay(++failures);
            if (e instanceof RateLimitedException limited) {
                Duration asked = policy.rateLimitWait(limited.retryAfter().orElse(null));
                retry = asked.compareTo(retry) > 0 ? asked : retry;
            }
            return new Result(Map.of(), List.of(), now.plus(retry));
        }
        lastListed = listed;
        return apply(listed, scheduled, now, now.plus(share.lister(account) ? settings.polling().sleep() : SHARED_LIST_WAIT));
    }

    /**
     * The cars this member reads changed (a member joined or left the cluster): the last list again, no
     * call to Tesla. Nothing before the account was first listed.
     */
    Result reapply(Set<String> scheduled, Instant next) {
        return lastListed == null ? new Result(Map.of(), List.of(), next) : apply(lastListed, scheduled, clock.instant(), next);
    }

    private Result apply(List<VehicleSummary> listed, Set<String> scheduled, Instant now, Instant next) {
        VehicleSelection selection = VehicleSelection.select(listed, settings.fleet().vins(), settings.fleet().vehicleIndex());
        if (!selection.warnings().equals(lastSelectionWarnings)) {
            selection.warnings().forEach(LOG::warning);
            lastSelectionWarnings = selection.warnings();
        }
        Set<String> listedNow = selection.monitored().stream().map(VehicleSummary::vin).collect(Collectors.toSet());
        fleet.listed(account, listedNow);
        // in a cluster, the cars whose partitions this member owns; alone, all
        List<VehicleSummary> mine = selection.monitored().stream().filter(v -> share.mine(v.vin())).toList();
        List<VehicleSummary> own = fleet.retain(account, mine);
        if (own.size() < mine.size()) {
            message(selection.monitored().size() - own.size() + " of the account " + account + "'s cars are also in"
                    + " another account (shared with a second driver): each is read once, through the account that listed it first.");
        }
        Set<String> monitored = own.stream().map(VehicleSummary::vin).collect(Collectors.toSet());
        List<String> stop = new ArrayList<>();
        for (String vin : scheduled) {
            if (!monitored.contains(vin)) {
                stop.add(vin);
                if (listedNow.contains(vin)) {
                    LOG.fine(vin + " is read by another member of the cluster now: its series are served there.");
                } else {
                    share.forget(vin);
                    LOG.info(vin + " is no longer monitored (left the account or deselected): its series are removed.");
                }
            }
        }
        Map<String, PollStep> start = new java.util.LinkedHashMap<>();
        for (VehicleSummary vehicle : own) {
            if (!scheduled.contains(vehicle.vin())) {
                // a car taken over from another member goes on with the plan its last reader kept; if its last reader is
                // reading it still, this member's first turn finds its claim and waits for it (CarShare#claim)
                Optional<PollStep> kept = share.plan(vehicle.vin());
                LOG.log(kept.isPresent() ? Level.FINE : Level.INFO, "Monitoring " + vehicle.vin() + " (" + vehicle.displayName() + "), "
                        + vehicle.state().label() + (kept.isPresent() ? ", taken over from another member" : ""));
                start.put(vehicle.vin(), kept.orElseGet(() -> policy.onState(PollState.initial(), vehicle.state(), now)));
            }
        }
        return new Result(start, stop, next);
    }

    /**
     * After a failed vehicle list: soon at first (the network may just be coming up with the
     * container), doubling up to {@code POLL_INTERVAL_SECONDS}.
     */
    Duration retryDelay(int failureCount) {
        long seconds = Math.min(settings.polling().parked().toSeconds(), 5L << Math.min(failureCount - 1, 16));
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    private void message(String message) {
        if (!message.equals(lastMessage)) {
            if (!message.isEmpty()) {
                LOG.warning(message);
            }
            lastMessage = message;
        }
    }
}
