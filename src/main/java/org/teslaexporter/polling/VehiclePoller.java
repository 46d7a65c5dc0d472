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
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.InvalidSettingsException;
import org.teslaexporter.config.Settings;
import org.teslaexporter.fleetapi.AccessDeniedException;
import org.teslaexporter.fleetapi.AuthenticationFailedException;
import org.teslaexporter.fleetapi.FleetApiException;
import org.teslaexporter.fleetapi.FleetApiGateway;
import org.teslaexporter.fleetapi.NotLoggedInException;
import org.teslaexporter.fleetapi.RateLimitedException;
import org.teslaexporter.fleetapi.RegionNotRegisteredException;
import org.teslaexporter.fleetapi.VehicleAsleepException;
import org.teslaexporter.metrics.MetricsPublisher;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSnapshot;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * Carries out the {@link PollPolicy}'s decisions with programmatic, non-persistent single-action EJB
 * timers: one per vehicle, so vehicles are scheduled independently (one car's backoff or slow answer
 * does not delay another), and one for the account's vehicle list (which cars exist, their names).
 * Nothing escapes {@link #fire}: in Payara an exception leaving a timeout method expunges the timer
 * and polling would stop silently.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VehiclePoller {

    private static final Logger LOG = Logger.getLogger(VehiclePoller.class.getName());
    /** Held so the configured level is not lost when the logger is garbage collected. */
    private static final Logger APP_LOG = Logger.getLogger("org.teslaexporter");
    static final String ACCOUNT = "account";
    static final Duration FIRST_POLL = Duration.ofMillis(500);
    /** Exit status for a bad configuration (sysexits EX_CONFIG). */
    static final int EXIT_BAD_CONFIG = 78;

    @Resource
    TimerService timers;

    @Inject
    ExporterConfig config;

    @Inject
    FleetApiGateway api;

    @Inject
    FleetState fleet;

    @Inject
    FleetApiBill bill;

    @Inject
    MetricsPublisher metrics;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, PollStep> plans = new ConcurrentHashMap<>();
    private TimerChains chains;
    private Settings settings;
    private PollPolicy policy;
    private volatile boolean stopping;
    private volatile String lastAccountMessage = "";
    private volatile List<String> lastSelectionWarnings = List.of();
    private int accountFailures;

    @PostConstruct
    void start() {
        try {
            settings = config.settings();
        } catch (InvalidSettingsException e) {
            LOG.severe(e.getMessage());
            System.err.println(e.getMessage());
            exit();
            throw e;    // not reached; fails the deployment should halting ever be refused
        }
        applyLogLevel(settings.logLevel());
        chains = new TimerChains(timers, clock);
        policy = new PollPolicy(intervals(settings), settings.wakeOnPoll(), RandomGenerator.getDefault());
        LOG.info("Tesla exporter starting: " + (settings.demo() ? "DEMO MODE, simulated cars served at " : "Fleet API ")
                + api.baseUri() + "; data every " + settings.drivingPollInterval().toSeconds() + " s driving, "
                + settings.chargingPollInterval().toSeconds() + " s charging, " + settings.pollInterval().toSeconds()
                + " s parked; suspended after " + settings.suspendAfterIdle().toSeconds() + " s idle so the car can sleep;"
                + " state every " + settings.sleepPollInterval().toSeconds() + " s asleep; wake on poll "
                + settings.wakeOnPoll() + "; vehicles " + (settings.vins().isEmpty()
                        ? (settings.vehicleIndex() == null ? "all" : "index " + settings.vehicleIndex()) : settings.vins())
                + ". Metrics at http://localhost:" + settings.exporterPort() + "/metrics");
        if (settings.demo()) {
            LOG.warning("DEMO MODE (TESLA_DEMO=true): every tesla_* value comes from simulated cars, not from Tesla.");
        }
        arm(ACCOUNT, clock.instant().plus(FIRST_POLL));
    }

    static PollIntervals intervals(Settings s) {
        return new PollIntervals(s.drivingPollInterval(), s.chargingPollInterval(), s.pollInterval(),
                s.sleepPollInterval(), s.suspendAfterIdle(), s.suspendMax(), s.stateCheckInterval(), s.backoffMax(),
                s.wakeTimeout());
    }

    /** After a login: list the vehicles and start polling now instead of at the next retry. */
    public void pollNow() {
        if (!stopping) {
            arm(ACCOUNT, clock.instant());
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
        return settings.totalTimeout().multipliedBy(4).plusMinutes(1);
    }

    /** Timer chains (the account, cars) that should have fired long ago: polling of those has stopped. */
    public List<String> deadChains() {
        return chains == null ? List.of() : chains.overdue(grace());
    }

    @Timeout
    void fire(Timer timer) {
        Serializable info = timer.getInfo();
        if (ACCOUNT.equals(info)) {
            Instant next = clock.instant().plus(settings.pollInterval());
            try {
                next = accountCycle();
            } catch (Throwable unexpected) {   // nothing may escape: see class comment
                LOG.log(Level.SEVERE, "Listing vehicles failed unexpectedly; polling goes on", unexpected);
                countInternal(null);
            } finally {
                fleet.cycleFinished(clock.instant());
                if (!stopping) {
                    arm(ACCOUNT, next);
                }
            }
        } else if (info instanceof String vin) {
            try {
                vehicleStep(vin);
            } catch (Throwable unexpected) {
                LOG.log(Level.SEVERE, "Polling " + vin + " failed unexpectedly; it goes on", unexpected);
                countInternal(vin);
                PollStep current = plans.get(vin);
                if (current != null) {
                    plans.put(vin, new PollStep(current.state(), PollAction.CHECK_STATE, clock.instant().plus(settings.pollInterval())));
                }
            } finally {
                fleet.cycleFinished(clock.instant());
                PollStep next = plans.get(vin);
                if (!stopping && next != null) {
                    arm(vin, next.at());
                }
                if (!stopping && chains.overdue(ACCOUNT, grace())) {
                    arm(ACCOUNT, clock.instant());      // the account chain died: any car's step revives it
                }
            }
        }
    }

    /** Lists the account's vehicles: picks the monitored ones, starts and stops their schedules. */
    private Instant accountCycle() {
        Instant now = clock.instant();
        List<VehicleSummary> account;
        try {
            account = api.vehicles();
            fleet.apiUp(true);
            accountMessage("");
            accountFailures = 0;
        } catch (NotLoggedInException e) {
            fleet.apiUp(false);
            accountMessage(e.getMessage());
            stopAll();
            return now.plus(settings.pollInterval());
        } catch (FleetApiException e) {
            fleet.apiUp(false);
            metrics.countError(null, e.errorType());
            noteAccountLevel(e);
            accountMessage("Listing vehicles failed (" + e.errorType() + "): " + e.getMessage());
            Duration retry = accountRetry(++accountFailures);
            if (e instanceof RateLimitedException limited) {
                Duration asked = policy.rateLimitWait(limited.retryAfter().orElse(null));
                retry = asked.compareTo(retry) > 0 ? asked : retry;
            }
            return now.plus(retry);
        }

        VehicleSelection selection = VehicleSelection.select(account, settings.vins(), settings.vehicleIndex());
        if (!selection.warnings().equals(lastSelectionWarnings)) {
            selection.warnings().forEach(LOG::warning);
            lastSelectionWarnings = selection.warnings();
        }
        Set<String> monitored = selection.monitored().stream().map(VehicleSummary::vin).collect(Collectors.toSet());
        for (String gone : Set.copyOf(plans.keySet())) {
            if (!monitored.contains(gone)) {
                plans.remove(gone);
                chains.stop(gone);
                LOG.info(gone + " is no longer monitored (left the account or deselected): its series are removed.");
            }
        }
        fleet.retain(selection.monitored());
        for (String vin : plans.keySet()) {
            if (chains.overdue(vin, grace())) {
                LOG.warning("The poll schedule of " + vin + " had stopped; restarting it.");
                arm(vin, now);
            }
        }
        for (VehicleSummary vehicle : selection.monitored()) {
            if (!plans.containsKey(vehicle.vin())) {
                LOG.info("Monitoring " + vehicle.vin() + " (" + vehicle.displayName() + "), " + vehicle.state().label());
                plan(vehicle.vin(), policy.onState(PollState.initial(), vehicle.state(), now));
                arm(vehicle.vin(), plans.get(vehicle.vin()).at());
            }
        }
        metrics.publish();
        return now.plus(settings.sleepPollInterval());
    }

    /**
     * After a failed vehicle list: soon at first (the network may just be coming up with the
     * container), doubling up to {@code POLL_INTERVAL_SECONDS}.
     */
    Duration accountRetry(int failures) {
        long seconds = Math.min(settings.pollInterval().toSeconds(), 5L << Math.min(failures - 1, 16));
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** Carries out a vehicle's planned request and asks the policy what next. */
    private void vehicleStep(String vin) {
        PollStep planned = plans.get(vin);
        if (planned == null || fleet.vehicle(vin).isEmpty()) {
            return;     // deselected meanwhile
        }
        PollState state = planned.state();
        PollAction action = planned.action();
        Instant now = clock.instant();
        PollStep next;
        try {
            next = switch (action) {
                case CHECK_STATE -> {
                    OnlineState online = api.state(vin);
                    fleet.update(vin, v -> v.withSummary(v.summary().withState(online)));
                    yield policy.onState(state, online, clock.instant());
                }
                case FETCH_DATA -> {
                    VehicleSnapshot snapshot = api.vehicleData(vin);
                    Instant at = clock.instant();
                    fleet.update(vin, v -> v.withData(snapshot, at));
                    fleet.regionNotRegistered(false);
                    yield policy.onData(state, snapshot, at, bill.stretch());
                }
                case WAKE -> {
                    LOG.info("Waking " + vin + " (WAKE_ON_POLL=true)");
                    api.wakeUp(vin);
                    yield policy.onWakeSent(state, clock.instant());
                }
            };
            fleet.apiUp(true);
        } catch (VehicleAsleepException asleep) {
            fleet.update(vin, v -> v.withSummary(v.summary().withState(OnlineState.ASLEEP)));
            next = policy.onFailure(state, action, PollFailure.ASLEEP, null, clock.instant());
        } catch (FleetApiException e) {
            PollFailure failure = classify(e);
            if (failure != PollFailure.NOT_LOGGED_IN) {
                fleet.vehicle(vin).ifPresent(v -> metrics.countError(v, e.errorType()));
            }
            if (e instanceof RegionNotRegisteredException) {
                fleet.regionNotRegistered(true);
            }
            next = policy.onFailure(state, action, failure,
                    e instanceof RateLimitedException r ? r.retryAfter().orElse(null) : null, clock.instant());
            LOG.warning(vin + ": " + describe(action) + " failed (" + e.errorType() + "): " + e.getMessage()
                    + "; next try at " + next.at());
        }
        if (next.state().mode() != state.mode()) {
            PollMode mode = next.state().mode();
            LOG.info(() -> vin + ": " + state.mode().label() + " -> " + mode.label());
        }
        plan(vin, next);
        metrics.publish();
    }

    private void plan(String vin, PollStep step) {
        plans.put(vin, step);
        PollState s = step.state();
        fleet.update(vin, v -> v.withPolling(new TrackedVehicle.Polling(s.mode().label(),
                s.mode() == PollMode.BACKING_OFF ? s.backoffReason() : null,
                s.mode() == PollMode.BACKING_OFF ? s.backoffUntil() : null)));
    }

    private static PollFailure classify(FleetApiException e) {
        if (e instanceof RateLimitedException) {
            return PollFailure.RATE_LIMITED;
        }
        if (e instanceof AccessDeniedException denied && denied.billingLimitReached()) {
            return PollFailure.BILLING_LIMIT;
        }
        if (e instanceof RegionNotRegisteredException) {
            return PollFailure.NOT_REGISTERED;
        }
        if (e instanceof NotLoggedInException || e instanceof AuthenticationFailedException) {
            return PollFailure.NOT_LOGGED_IN;
        }
        return PollFailure.ERROR;
    }

    private void noteAccountLevel(FleetApiException e) {
        if (e instanceof RegionNotRegisteredException) {
            fleet.regionNotRegistered(true);
        }
    }

    private static String describe(PollAction action) {
        return switch (action) {
            case CHECK_STATE -> "reading its state";
            case FETCH_DATA -> "reading vehicle_data";
            case WAKE -> "waking it";
        };
    }

    private void stopAll() {
        for (String vin : Set.copyOf(plans.keySet())) {
            plans.remove(vin);
            chains.stop(vin);
        }
        fleet.clear();
        metrics.publish();
    }

    private void accountMessage(String message) {
        if (!message.equals(lastAccountMessage)) {
            if (!message.isEmpty()) {
                LOG.warning(message);
            }
            lastAccountMessage = message;
        }
    }

    /** One single-action timer per key: any older one for the same key is cancelled first. Never throws. */
    private void arm(String key, Instant at) {
        chains.arm(key, at);
    }

    /** An exception we did not foresee, counted as {@code error_type="internal"} (README). */
    private void countInternal(String vin) {
        try {
            metrics.countError(vin == null ? null : fleet.vehicle(vin).orElse(null), "internal");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot count an internal error", e);
        }
    }

    private static void applyLogLevel(Level level) {
        APP_LOG.setLevel(level);
        for (Handler h : Logger.getLogger("").getHandlers()) {
            if (h.getLevel().intValue() > level.intValue()) {
                h.setLevel(level);
            }
        }
    }

    /**
     * A bad setting must stop the process, not leave a server answering 404 (Payara keeps running
     * after a failed deployment). Halts at once: after the failed deployment the application's class
     * loader is closed, so nothing of ours could run later. The message is already on stderr.
     */
    private static void exit() {
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_BAD_CONFIG);
    }
}
