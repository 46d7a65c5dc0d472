package org.teslaexporter.telemetry;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.teslaexporter.auth.AppKeys;
import org.teslaexporter.config.CaChain;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.accounts.Account;
import org.teslaexporter.accounts.AccountRegistry;
import org.teslaexporter.fleetapi.FleetApiGateway;
import org.teslaexporter.fleetapi.TelemetryConfigState;
import org.teslaexporter.http.OneLine;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.storage.SmallFiles;
import org.teslaexporter.threads.DaemonThreads;
import org.teslaexporter.vehicle.TrackedVehicle;

/**
 * Tells every monitored car where to stream ({@code TELEMETRY_HOSTNAME}): once a minute it looks at
 * the cars not checked for {@link #RECHECK} (a new car at once), asks Tesla what config each holds,
 * and sends the wanted one, signed with the app's key, to those whose config differs or expires
 * within {@link TelemetryConfig#RENEW_BEFORE} — one request for all of them. The set-up page shows
 * each car's {@link CarStatus} and can send or remove at once. Runs on its own thread; never throws.
 */
@ApplicationScoped
public class TelemetryConfigurator {

    static final Duration RECHECK = Duration.ofHours(6);
    static final Duration AFTER_SEND = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(TelemetryConfigurator.class.getName());

    /**
     * What is known of one car's config.
     *
     * @param dueAt   when the car's config is looked at again
     * @param skipped Tesla's reason for not updating it ({@code missing_key}, {@code max_configs} …), or null
     * @param problem why the last check or send failed, or null
     */
    public record CarStatus(Instant dueAt, Boolean synced, Boolean keyPaired, Boolean limitReached, boolean held,
            Instant sentAt, String skipped, String problem) {

        static final CarStatus NONE = new CarStatus(null, null, null, null, false, null, null, null);

        boolean due(Instant now) {
            return dueAt == null || dueAt.isBefore(now);
        }

        /** What Tesla says the car holds, looked at {@code now}. */
        CarStatus checked(Instant now, TelemetryConfigState state, boolean heldNow) {
            return new CarStatus(now.plus(RECHECK), state.synced(), state.keyPaired(), state.limitReached(), heldNow, sentAt,
                    skipped, null);
        }

        /** Sent at {@code at}, skipped by Tesla for {@code reason} (or not): looked at again soon, to show whether the car took it. */
        CarStatus sent(Instant at, String reason) {
            return new CarStatus(at.plus(AFTER_SEND), synced, keyPaired, limitReached, reason == null, at, reason, null);
        }

        CarStatus failed(Instant now, String why) {
            return new CarStatus(now.plus(RECHECK), synced, keyPaired, limitReached, held, sentAt, skipped, why);
        }
    }

    @Inject
    ExporterConfig config;

    @Inject
    AccountRegistry accounts;

    @Inject
    FleetState fleet;

    @Inject
    AppKeys appKeys;

    private final Map<String, CarStatus> cars = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService worker;
    private volatile String problem;
    private String ca;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Settings s = config.settings();
        if (!s.telemetry().configuresCars()) {
            return;
        }
        ca = readCa(s.telemetry().caFile());
        worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tesla-telemetry-config"));
        worker.scheduleWithFixedDelay(this::checkDue, 5, 60, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** Whether cars are configured by the exporter ({@code TELEMETRY_HOSTNAME} set). */
    public boolean enabled() {
        return worker != null;
    }

    /** A problem that stops configuring all cars (the CA file, the key pair), or null. */
    public String problem() {
        return problem;
    }

    public Optional<CarStatus> status(String vin) {
        return Optional.ofNullable(cars.get(vin));
    }

    /** The set-up page's button: check every car now and send where needed (or to all with {@code force}). */
    public void syncNow(boolean force) {
        if (worker != null) {
            worker.execute(() -> sync(fleet.vehicles().stream().map(TrackedVehicle::vin).toList(), force));
        }
    }

    /** The set-up page's button: remove this app's config from a car. */
    public void removeNow(String vin) {
        if (worker == null || fleet.vehicle(vin).isEmpty()) {
            return;
        }
        worker.execute(() -> {
            try {
                api(vin).removeTelemetryConfig(vin);
                LOG.info("Fleet Telemetry: removed the config of " + vin);
                cars.put(vin, CarStatus.NONE.failed(clock.instant(), "config removed"));
            } catch (RuntimeException e) {
                failed(List.of(vin), "removing the config failed: " + describe(e));
            }
        });
    }

    private void checkDue() {
        try {
            Instant now = clock.instant();
            List<String> due = fleet.vehicles().stream().map(TrackedVehicle::vin)
                    .filter(vin -> cars.getOrDefault(vin, CarStatus.NONE).due(now)).toList();
            if (!due.isEmpty()) {
                sync(due, false);
            }
        } catch (RuntimeException unexpected) {
            LOG.warning("Fleet Telemetry: checking the cars' configs failed (" + describe(unexpected) + "); tried again in a minute");
        }
    }

    /** Looks at each car's config and sends the wanted one, in one request, to those that need it. */
    void sync(List<String> vins, boolean force) {
        if (vins.isEmpty()) {
            return;
        }
        Settings s = config.settings();
        Instant now = clock.instant();
        TelemetryConfig wanted = TelemetryConfig.wanted(s.telemetry().hostname(), s.telemetry().port(), ca == null ? "" : ca,
                s.server().metricsLocation(), now);
        List<String> send = new ArrayList<>();
        for (String vin : vins) {
            try {
                TelemetryConfigState state = api(vin).telemetryConfig(vin);
                boolean held = wanted.heldBy(state.config(), now);
                cars.put(vin, cars.getOrDefault(vin, CarStatus.NONE).checked(now, state, held));
                if (force || !held) {
                    send.add(vin);
                }
            } catch (RuntimeException e) {
                failed(List.of(vin), "reading its config failed: " + describe(e));
            }
        }
        if (send.isEmpty()) {
            return;
        }
        if (ca == null) {
            failed(send, problem);
            return;
        }
        String jwt;
        try {
            KeyPair keys = appKeys.pair();
            jwt = wanted.jwt(keys);
        } catch (GeneralSecurityException | RuntimeException e) {
            problem = "cannot sign the config with the app key in " + s.files().dataDir() + ": " + describe(e);
            failed(send, problem);
            LOG.warning("Fleet Telemetry: " + problem);
            return;
        }
        // each account's cars with that account's token: Tesla accepts a config only for the caller's own cars
        Map<String, List<String>> byAccount = new java.util.LinkedHashMap<>();
        for (String vin : send) {
            byAccount.computeIfAbsent(fleet.account(vin).orElse(""), a -> new ArrayList<>()).add(vin);
        }
        byAccount.forEach((account, cars) -> send(account, cars, jwt, s));
    }

    /** The car's account's door to the Fleet API. */
    private FleetApiGateway api(String vin) {
        return fleet.account(vin).flatMap(accounts::find).map(Account::api)
                .orElseThrow(() -> new IllegalStateException("the car is no longer in an account"));
    }

    private void send(String account, List<String> send, String jwt, Settings s) {
        try {
            TelemetryConfigState.Update update = accounts.find(account).map(Account::api)
                    .orElseThrow(() -> new IllegalStateException("the account " + account + " is gone"))
                    .sendTelemetryConfig(send, jwt);
            Instant sent = clock.instant();
            for (String vin : send) {
                String reason = update.skipped().entrySet().stream().filter(e -> e.getValue().contains(vin))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                cars.put(vin, cars.getOrDefault(vin, CarStatus.NONE).sent(sent, reason));
            }
            LOG.info("Fleet Telemetry: config for " + s.telemetry().hostname() + ":" + s.telemetry().port() + " sent to "
                    + send.size() + " car(s); Tesla updated " + update.updatedVehicles()
                    + (update.skipped().isEmpty() ? "" : ", skipped " + update.skipped()));
        } catch (RuntimeException e) {
            failed(send, "sending the config failed: " + describe(e));
        }
    }

    private void failed(List<String> vins, String why) {
        Instant now = clock.instant();
        for (String vin : vins) {
            cars.put(vin, cars.getOrDefault(vin, CarStatus.NONE).failed(now, why));
        }
        LOG.warning("Fleet Telemetry: " + String.join(", ", vins) + ": " + why);
    }

    /** The certificates of the chain the cars check the server with (nothing else of the file); a clear problem instead. */
    private String readCa(Path file) {
        try {
            return CaChain.certificates(SmallFiles.read(file, CaChain.MAX_BYTES));
        } catch (IllegalArgumentException e) {
            problem = "TELEMETRY_CA_FILE " + file + " " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            problem = "cannot read TELEMETRY_CA_FILE " + file + ": " + describe(e);
        }
        LOG.severe("Fleet Telemetry: " + problem + "; the cars are not configured");
        return null;
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + OneLine.of(e.getMessage(), 200));
    }
}
