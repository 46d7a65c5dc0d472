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
import jakarta.inject.Inject;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.fleetapi.FleetApiGateway;

/**
 * The polling boundary: programmatic, non-persistent single-action EJB timers ({@link TimerChains}),
 * one chain per vehicle — so vehicles are scheduled independently, and one car's backoff or slow
 * answer does not delay another — and one for the account's vehicle list. Each firing hands over to
 * {@link AccountRoster} or {@link VehicleStep}; this class only wires them to the timers.
 * Nothing escapes {@link #fire}: in Payara an exception leaving a timeout method expunges the timer
 * and polling would stop silently.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VehiclePoller {

    private static final Logger LOG = Logger.getLogger(VehiclePoller.class.getName());
    static final String ACCOUNT = "account";
    static final Duration FIRST_POLL = Duration.ofMillis(100);

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

    private final Clock clock = Clock.systemUTC();
    /** Each vehicle's next planned step; a vehicle is scheduled while it has one. */
    private final Map<String, PollStep> plans = new ConcurrentHashMap<>();
    private Settings settings;
    private TimerChains chains;
    private AccountRoster roster;
    private VehicleStep step;
    private volatile boolean stopping;

    @PostConstruct
    void start() {
        settings = StartupChecks.settingsOrExit(config);
        StartupChecks.applyLogLevel(settings.server().logLevel());
        PollPolicy policy = new PollPolicy(settings.polling(), settings.fleet().wakeOnPoll(), RandomGenerator.getDefault());
        chains = new TimerChains(timers, clock);
        roster = new AccountRoster(api, fleet, policy, settings, clock);
        step = new VehicleStep(api, fleet, policy, bill::stretch, settings.polling().parked(), clock, settings.telemetry());
        LOG.info(StartupChecks.banner(settings, api.baseUri()));
        if (settings.server().demo()) {
            LOG.warning("DEMO MODE (TESLA_DEMO=true): every tesla_* value comes from simulated cars, not from Tesla.");
        }
        chains.arm(ACCOUNT, clock.instant().plus(FIRST_POLL));
    }

    /** After a login: list the vehicles and start polling now instead of at the next retry. */
    public void pollNow() {
        if (!stopping) {
            chains.arm(ACCOUNT, clock.instant());
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
        if (ACCOUNT.equals(info)) {
            fireAccount();
        } else if (info instanceof String vin) {
            fireVehicle(vin);
        }
    }

    private void fireAccount() {
        Instant next = clock.instant().plus(settings.polling().parked());
        try {
            AccountRoster.Result result = roster.cycle(plans.keySet());
            for (String gone : result.stop()) {
                plans.remove(gone);
                chains.stop(gone);
            }
            result.start().forEach((vin, first) -> {
                plans.put(vin, first);
                chains.arm(vin, first.at());
            });
            // the one fleet-wide pass, once per account cycle: restart a schedule that stopped
            for (Map.Entry<String, PollStep> plan : plans.entrySet()) {
                if (chains.overdue(plan.getKey(), grace())) {
                    LOG.warning("The poll schedule of " + plan.getKey() + " had stopped; restarting it.");
                    chains.arm(plan.getKey(), clock.instant());
                }
            }
            next = result.next();
        } catch (Throwable unexpected) {   // nothing may escape: see class comment
            LOG.log(Level.SEVERE, "Listing vehicles failed unexpectedly; polling goes on", unexpected);
            fleet.tell(new FleetEvent.PollFailed("", "", "internal"));
        } finally {
            fleet.cycleFinished(clock.instant());
            if (!stopping) {
                chains.arm(ACCOUNT, next);
            }
        }
    }

    private void fireVehicle(String vin) {
        try {
            PollStep planned = plans.get(vin);
            if (planned != null && fleet.vehicle(vin).isPresent()) {
                PollStep next = step.run(vin, planned);
                plans.computeIfPresent(vin, (k, old) -> next);     // not revived if deselected meanwhile
            }
        } catch (Throwable unexpected) {
            LOG.log(Level.SEVERE, "Polling " + vin + " failed unexpectedly; it goes on", unexpected);
        } finally {
            fleet.cycleFinished(clock.instant());
            PollStep next = plans.get(vin);
            if (!stopping && next != null) {
                chains.arm(vin, next.at());
            }
            if (!stopping && chains.overdue(ACCOUNT, grace())) {
                chains.arm(ACCOUNT, clock.instant());      // the account chain died: any car's step revives it
            }
        }
    }
}
