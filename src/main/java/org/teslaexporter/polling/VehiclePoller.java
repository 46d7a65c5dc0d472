package org.teslaexporter.polling;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.teslaexporter.accounts.Account;
import org.teslaexporter.accounts.AccountEvent;
import org.teslaexporter.accounts.AccountRegistry;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;

/**
 * The polling boundary: programmatic, non-persistent single-action EJB timers ({@link TimerChains}),
 * one chain per vehicle — so vehicles are scheduled independently, and one car's backoff or slow
 * answer does not delay another — one per account for its vehicle list (one account's revoked login,
 * hanging token endpoint or 429 delays no other account), and one that looks for new token files.
 * Each firing hands over to {@link AccountRoster} or {@link VehicleStep} through the account's own
 * Fleet API door; this class only wires them to the timers.
 * Nothing escapes {@link #fire}: in Payara an exception leaving a timeout method expunges the timer
 * and polling would stop silently.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VehiclePoller {

    private static final Logger LOG = Logger.getLogger(VehiclePoller.class.getName());
    /** The chain of an account's vehicle list: this prefix and the account's id (a VIN never has a colon). */
    static final String ACCOUNT = "account:";
    /** The chain that looks for new token files ({@link AccountRegistry#scan}). */
    static final String SCAN = "scan";
    static final Duration SCAN_EVERY = Duration.ofSeconds(15);
    /** In a cluster: the chain that follows members and partitions moving, and hands cars over. */
    static final String CLUSTER = "cluster";
    static final Duration CLUSTER_EVERY = Duration.ofSeconds(1);
    static final Duration FIRST_POLL = Duration.ofMillis(100);

    @Resource
    TimerService timers;

    @Inject
    ExporterConfig config;

    @Inject
    AccountRegistry accounts;

    @Inject
    FleetState fleet;

    @Inject
    FleetApiBill bill;

    @Inject
    Cluster cluster;

    private final Clock clock = Clock.systemUTC();
    /** Each vehicle's next planned step; a vehicle is scheduled while it has one. */
    private final Map<String, PollStep> plans = new ConcurrentHashMap<>();
    /** The vehicles each account has a schedule for. */
    private final Map<String, Set<String>> scheduled = new ConcurrentHashMap<>();
    private final Map<String, AccountRoster> rosters = new ConcurrentHashMap<>();
    private Settings settings;
    private PollPolicy policy;
    private TimerChains chains;
    private VehicleStep step;
    private CarShare share;
    /** The cluster's {@link Cluster#ownership()} when this member's cars were last reconciled with it. */
    private long reconciled;
    private volatile boolean stopping;

    @PostConstruct
    void start() {
        settings = StartupChecks.settingsOrExit(config);
        StartupChecks.applyLogLevel(settings.server().logLevel());
        policy = new PollPolicy(settings.polling(), settings.fleet().wakeOnPoll(), RandomGenerator.getDefault());
        chains = new TimerChains(timers, clock);
        share = new CarShare(cluster, clock, grace(), settings.polling().driving());
        reconciled = cluster.ownership();
        step = new VehicleStep(fleet, policy, settings.polling().parked(), clock, settings.telemetry());
        LOG.info(StartupChecks.banner(settings, accounts.accounts().stream().map(a -> a.api().baseUri()).distinct().toList()));
        if (settings.server().demo()) {
            LOG.warning("DEMO MODE (TESLA_DEMO=true): every tesla_* value comes from simulated cars, not from Tesla.");
        }
        for (Account account : accounts.accounts()) {
            chains.arm(ACCOUNT + account.id(), clock.instant().plus(FIRST_POLL));
        }
        chains.arm(SCAN, clock.instant().plus(SCAN_EVERY));
        if (cluster.clustered()) {
            chains.arm(CLUSTER, clock.instant().plus(CLUSTER_EVERY));
        }
    }

    /** After a login: list the vehicles of every account now instead of at the next retry. */
    public void pollNow() {
        if (!stopping) {
            accounts.accounts().forEach(a -> chains.arm(ACCOUNT + a.id(), clock.instant()));
        }
    }

    /** A new account or login lists its cars now; a removed account's polling stops and its cars leave. */
    public void onAccount(@Observes AccountEvent event) {
        if (stopping || chains == null) {
            return;
        }
        String id = event.account();
        if (event instanceof AccountEvent.Added || event instanceof AccountEvent.LoggedIn) {
            chains.arm(ACCOUNT + id, clock.instant());
        } else if (event instanceof AccountEvent.Removed) {
            rosters.remove(id);
            chains.stop(ACCOUNT + id);
            Set<String> vins = scheduled.remove(id);
            if (vins != null) {
                for (String vin : vins) {
                    share.drop(vin);
                    plans.remove(vin);
                    chains.stop(vin);
                }
            }
            fleet.clear(id);
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (chains != null) {
            chains.stopAll();
        }
    }

    /**
     * How late a chain may be before it counts as dead: one step can make a few calls (a 401 refresh
     * and retry, a 421 switch and retry), each bounded by {@code HTTP_TOTAL_TIMEOUT_SECONDS}.
     */
    Duration grace() {
        return settings.http().total().multipliedBy(4).plusMinutes(1);
    }

    /** Timer chains (the account, cars) that should have fired long ago: polling of those has stopped. */
    public List<String> deadChains() {
        return chains == null ? List.of() : chains.overdue(grace());
    }

    @Timeout
    void fire(Timer timer) {
        Serializable info = timer.getInfo();
        if (SCAN.equals(info)) {
            fireScan();
        } else if (CLUSTER.equals(info)) {
            fireCluster();
        } else if (info instanceof String key && key.startsWith(ACCOUNT)) {
            fireAccount(key.substring(ACCOUNT.length()));
        } else if (info instanceof String vin) {
            fireVehicle(vin);
        }
    }

    /** New token files (dropped into {@code accounts/}, or at {@code TOKEN_FILE_PATH}); the registry tells of new logins. */
    private void fireScan() {
        try {
            accounts.scan();
        } catch (Throwable unexpected) {   // nothing may escape: see class comment
            LOG.log(Level.SEVERE, "Looking for new token files failed unexpectedly; polling goes on", unexpected);
        } finally {
            if (!stopping) {
                chains.arm(SCAN, clock.instant().plus(SCAN_EVERY));
            }
        }
    }

    /**
     * When members or partitions moved: each account's last list again, so this member starts the cars it
     * owns now (with the plans their last readers kept) and stops, and drops the series of, those it lost.
     * Only after a change: otherwise a glance at the partition table (local).
     */
    private void fireCluster() {
        try {
            long ownership = cluster.ownership();
            if (ownership != reconciled) {
                reconciled = ownership;
                for (Account account : accounts.accounts()) {
                    AccountRoster roster = rosters.get(account.id());
                    if (roster != null) {
                        Set<String> own = scheduled.computeIfAbsent(account.id(), a -> ConcurrentHashMap.newKeySet());
                        carryOut(own, roster.reapply(Set.copyOf(own), clock.instant()));
                    }
                }
            }
        } catch (Throwable unexpected) {   // nothing may escape: see class comment
            LOG.log(Level.SEVERE, "Following the cluster's members failed unexpectedly; polling goes on", unexpected);
        } finally {
            if (!stopping) {
                chains.arm(CLUSTER, clock.instant().plus(CLUSTER_EVERY));
            }
        }
    }

    /** Stops and starts the cars a roster says, for the account whose scheduled cars are {@code own}. */
    private void carryOut(Set<String> own, AccountRoster.Result result) {
        for (String gone : result.stop()) {
            share.drop(gone);
            own.remove(gone);
            plans.remove(gone);
            chains.stop(gone);
        }
        result.start().forEach((vin, first) -> {
            // the account's cycle and the cluster's reconciliation may both start a car they saw unscheduled: one does
            if (own.add(vin)) {
                plans.put(vin, first);
                chains.arm(vin, first.at());
            }
        });
    }

    private void fireAccount(String id) {
        Instant next = clock.instant().plus(settings.polling().parked());
        Account account = accounts.find(id).orElse(null);
        if (account == null) {
            return;     // removed: its chain ends here
        }
        try {
            AccountRoster roster = rosters.computeIfAbsent(id, a -> new AccountRoster(a, account.api(), share, fleet, policy, settings, clock));
            Set<String> own = scheduled.computeIfAbsent(id, a -> ConcurrentHashMap.newKeySet());
            AccountRoster.Result result = roster.cycle(Set.copyOf(own));
            carryOut(own, result);
            // the one pass over the account's cars, once per account cycle: restart a schedule that stopped
            for (String vin : own) {
                if (chains.overdue(vin, grace())) {
                    LOG.warning("The poll schedule of " + vin + " had stopped; restarting it.");
                    chains.arm(vin, clock.instant());
                }
            }
            next = result.next();
        } catch (Throwable unexpected) {   // nothing may escape: see class comment
            LOG.log(Level.SEVERE, "Listing the vehicles of the account " + id + " failed unexpectedly; polling goes on", unexpected);
            fleet.tell(new FleetEvent.AccountFailed(id, "internal"));
        } finally {
            fleet.cycleFinished(clock.instant());
            if (!stopping && accounts.find(id).isPresent()) {
                chains.arm(ACCOUNT + id, next);
            }
        }
    }

    private void fireVehicle(String vin) {
        String id = fleet.account(vin).orElse(null);
        try {
            PollStep planned = plans.get(vin);
            Account account = accounts.find(id).orElse(null);
            if (planned != null && !share.mine(vin)) {
                // another member reads it now (or this one is cut off from the others): its schedule here ends, and
                // the cluster chain drops its series, or starts it again from the shared plan if it comes back
                Set<String> own = id == null ? null : scheduled.get(id);
                if (own != null) {
                    own.remove(vin);
                }
                share.drop(vin);
                plans.remove(vin);
                chains.stop(vin);
            } else if (planned != null && account != null && fleet.vehicle(vin).isPresent()) {
                CarShare.Turn turn = share.claim(vin, planned);
                if (!turn.reads()) {
                    // another member read it meanwhile, or reads it now (partitions moving): no second read, its plan goes on
                    plans.computeIfPresent(vin, (k, old) -> turn.instead());
                } else {
                    PollStep next = step.run(account.api(), () -> bill.stretch(account.id()), vin, planned);
                    if (plans.computeIfPresent(vin, (k, old) -> next) != null) {     // not revived if deselected meanwhile
                        share.done(vin, next);
                    }
                }
            }
        } catch (Throwable unexpected) {
            LOG.log(Level.SEVERE, "Polling " + vin + " failed unexpectedly; it goes on", unexpected);
        } finally {
            fleet.cycleFinished(clock.instant());
            PollStep next = plans.get(vin);
            if (!stopping && next != null) {
                chains.arm(vin, next.at());
            }
            if (!stopping && id != null && accounts.find(id).isPresent() && chains.overdue(ACCOUNT + id, grace())) {
                chains.arm(ACCOUNT + id, clock.instant());      // the account chain died: any of its cars' steps revives it
            }
        }
    }
}
