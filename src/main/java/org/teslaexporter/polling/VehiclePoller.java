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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.InvalidSettingsException;
import org.teslaexporter.config.Settings;
import org.teslaexporter.fleetapi.FleetApiException;
import org.teslaexporter.fleetapi.FleetApiGateway;
import org.teslaexporter.fleetapi.NotLoggedInException;
import org.teslaexporter.fleetapi.VehicleAsleepException;
import org.teslaexporter.metrics.MetricsPublisher;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSnapshot;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * Drives polling with a programmatic, non-persistent single-action EJB timer that re-arms itself
 * after every cycle with the delay the {@link FixedSchedule} chose. One cycle: list the vehicles
 * (free, does not wake them), then read {@code vehicle_data} of each monitored car that is online.
 * Nothing escapes {@link #poll}: in Payara an exception leaving a timeout method expunges the timer
 * and polling would stop silently. One car's failure never stops the others.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VehiclePoller {

    private static final Logger LOG = Logger.getLogger(VehiclePoller.class.getName());
    /** Held so the configured level is not lost when the logger is garbage collected. */
    private static final Logger APP_LOG = Logger.getLogger("org.teslaexporter");
    /** How often a waking car's state is checked, and the first delay after start. */
    static final Duration WAKE_CHECK = Duration.ofSeconds(3);
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
    AccessTokens tokens;

    @Inject
    FleetState fleet;

    @Inject
    MetricsPublisher metrics;

    private final Clock clock = Clock.systemUTC();
    private Settings settings;
    private FixedSchedule schedule;
    private volatile boolean stopping;
    private String lastLoginMessage = "";
    private List<String> lastSelectionWarnings = List.of();

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
        schedule = new FixedSchedule(settings.pollInterval(), settings.sleepPollInterval(), settings.wakeOnPoll());
        LOG.info("Tesla exporter starting: " + (settings.demo() ? "DEMO MODE, simulated cars served at " : "Fleet API ")
                + api.baseUri() + ", poll every " + settings.pollInterval().toSeconds() + " s online / "
                + settings.sleepPollInterval().toSeconds() + " s asleep, wake on poll " + settings.wakeOnPoll()
                + ", vehicles " + (settings.vins().isEmpty()
                        ? (settings.vehicleIndex() == null ? "all" : "index " + settings.vehicleIndex()) : settings.vins())
                + ". Metrics at http://localhost:" + settings.exporterPort() + "/metrics");
        if (settings.demo()) {
            LOG.warning("DEMO MODE (TESLA_DEMO=true): every tesla_* value comes from simulated cars, not from Tesla.");
        }
        arm(FIRST_POLL);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        for (Timer t : timers.getTimers()) {
            try {
                t.cancel();
            } catch (RuntimeException alreadyGone) {
                // the container may have cancelled it first
            }
        }
    }

    @Timeout
    void poll(Timer timer) {
        Duration next = settings == null ? FIRST_POLL : settings.pollInterval();
        try {
            next = cycle();
        } catch (Throwable unexpected) {   // NOPMD: see class comment, nothing may escape
            LOG.log(Level.SEVERE, "Poll cycle failed unexpectedly; polling goes on", unexpected);
            safely(() -> metrics.countError(null, "internal"));
        } finally {
            fleet.cycleFinished(clock.instant());
            if (!stopping) {
                arm(next);
            }
        }
    }

    /** One poll cycle; returns the delay until the next. */
    private Duration cycle() {
        List<VehicleSummary> account;
        try {
            account = api.vehicles();
            fleet.apiUp(true);
            loginMessage("");
        } catch (NotLoggedInException e) {
            fleet.apiUp(false);
            loginMessage(e.getMessage());
            fleet.clear();
            metrics.publish();
            return schedule.nextDelay(List.of());
        } catch (FleetApiException e) {
            fleet.apiUp(false);
            metrics.countError(null, e.errorType());
            LOG.warning("Listing vehicles failed (" + e.errorType() + "): " + e.getMessage());
            return schedule.nextDelay(List.of());
        }

        VehicleSelection selection = VehicleSelection.select(account, settings.vins(), settings.vehicleIndex());
        if (!selection.warnings().equals(lastSelectionWarnings)) {
            selection.warnings().forEach(LOG::warning);
            lastSelectionWarnings = selection.warnings();
        }
        fleet.retain(selection.monitored());

        List<OnlineState> states = new ArrayList<>();
        for (VehicleSummary vehicle : selection.monitored()) {
            safely(() -> pollVehicle(vehicle));
            states.add(fleet.vehicle(vehicle.vin()).map(v -> v.summary().state()).orElse(OnlineState.UNKNOWN));
        }
        metrics.publish();
        return schedule.nextDelay(states);
    }

    private void pollVehicle(VehicleSummary vehicle) {
        String vin = vehicle.vin();
        try {
            switch (schedule.actionFor(vehicle.state())) {
                case LIST_ONLY -> LOG.fine(() -> vin + " is " + vehicle.state().label() + ": not asking for data");
                case FETCH_DATA -> fetch(vin);
                case WAKE_THEN_FETCH -> {
                    if (wake(vin)) {
                        fetch(vin);
                    }
                }
            }
        } catch (VehicleAsleepException asleep) {
            // 408: the car fell asleep between list and request. Not an error; leave it alone.
            fleet.update(vin, v -> v.withSummary(v.summary().withState(OnlineState.ASLEEP)));
            LOG.fine(() -> vin + " answered 408 (asleep or offline)");
        } catch (FleetApiException e) {
            fleet.vehicle(vin).ifPresent(v -> metrics.countError(v, e.errorType()));
            LOG.warning("Reading " + vin + " failed (" + e.errorType() + "): " + e.getMessage());
        }
    }

    private void fetch(String vin) {
        VehicleSnapshot snapshot = api.vehicleData(vin);
        Instant now = clock.instant();
        fleet.update(vin, v -> v.withData(snapshot, now));
        LOG.fine(() -> "Read " + vin);
    }

    /** Sends a wake-up and waits (bounded by WAKE_TIMEOUT_SECONDS) until the car reports online. */
    private boolean wake(String vin) {
        LOG.info("Waking " + vin + " (WAKE_ON_POLL=true)");
        OnlineState state = api.wakeUp(vin);
        Instant deadline = clock.instant().plus(settings.wakeTimeout());
        while (state != OnlineState.ONLINE && clock.instant().isBefore(deadline) && !stopping) {
            try {
                Thread.sleep(WAKE_CHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            state = api.state(vin);
        }
        OnlineState reached = state;
        fleet.update(vin, v -> v.withSummary(v.summary().withState(reached)));
        if (reached != OnlineState.ONLINE) {
            LOG.warning(vin + " did not wake up within " + settings.wakeTimeout().toSeconds() + " s");
            fleet.vehicle(vin).ifPresent(v -> metrics.countError(v, "wake_timeout"));
        }
        return reached == OnlineState.ONLINE;
    }

    private void loginMessage(String message) {
        if (!message.equals(lastLoginMessage)) {
            if (!message.isEmpty()) {
                LOG.warning(message);
            }
            lastLoginMessage = message;
        }
    }

    private void arm(Duration delay) {
        TimerConfig timerConfig = new TimerConfig("tesla-poll", false);   // non-persistent: no timer store needed
        timers.createSingleActionTimer(Math.max(1, delay.toMillis()), timerConfig);
    }

    private static void safely(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected failure in a poll step; going on", e);
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
