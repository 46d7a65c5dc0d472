package org.teslaexporter.polling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.config.TelemetrySettings;
import org.teslaexporter.fleetapi.AccessDeniedException;
import org.teslaexporter.fleetapi.AuthenticationFailedException;
import org.teslaexporter.fleetapi.FleetApi;
import org.teslaexporter.fleetapi.FleetApiException;
import org.teslaexporter.fleetapi.NotLoggedInException;
import org.teslaexporter.fleetapi.RateLimitedException;
import org.teslaexporter.fleetapi.RegionNotRegisteredException;
import org.teslaexporter.fleetapi.VehicleAsleepException;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSnapshot;

/**
 * One vehicle's poll step: carries out the planned request, records what came back in
 * {@link FleetState} (which tells the publisher about this vehicle alone), and asks the
 * {@link PollPolicy} what next. Never throws: whatever goes wrong is counted and becomes a later try.
 */
final class VehicleStep {

    private static final Logger LOG = Logger.getLogger(VehiclePoller.class.getName());

    private final FleetState fleet;
    private final PollPolicy policy;
    private final Duration afterInternalError;
    private final Clock clock;
    private final TelemetrySettings telemetry;

    /**
     * @param afterInternalError when to try again after an unforeseen exception
     * @param telemetry          whether cars may stream, and how polling steps aside for them
     */
    VehicleStep(FleetState fleet, PollPolicy policy, Duration afterInternalError, Clock clock, TelemetrySettings telemetry) {
        this.telemetry = telemetry;
        this.fleet = fleet;
        this.policy = policy;
        this.afterInternalError = afterInternalError;
        this.clock = clock;
    }

    /** What a request brought: the next step, and the change to the vehicle (applied once, told once). */
    private record Outcome(PollStep next, UnaryOperator<TrackedVehicle> change) {
    }

    /**
     * Runs {@code planned} for {@code vin} through its account's {@code api} and returns the next step.
     *
     * @param stretch the bill's current stretch of this account's data intervals (1 = none)
     */
    PollStep run(FleetApi api, DoubleSupplier stretch, String vin, PollStep planned) {
        Outcome outcome;
        try {
            TrackedVehicle v = telemetry.streaming() ? fleet.vehicle(vin).orElse(null) : null;
            Instant now = clock.instant();
            boolean live = v != null && v.streaming().live(now, telemetry.staleAfter());
            PollStep aside = live ? stepAside(v, planned, now) : null;
            if (aside != null) {
                outcome = new Outcome(aside, UnaryOperator.identity());
            } else {
                if (!live && planned.state().mode() == PollMode.STREAMING) {
                    // the stream went silent or disconnected: the sleep-aware policy again, from the car's state
                    planned = new PollStep(planned.state().mode(PollMode.PARKED_AWAKE), PollAction.CHECK_STATE, planned.at());
                }
                outcome = attempt(api, stretch, vin, planned);
            }
        } catch (RuntimeException unexpected) {
            LOG.log(Level.SEVERE, "Polling " + vin + " failed unexpectedly; it goes on", unexpected);
            failed(vin, "internal");
            outcome = new Outcome(new PollStep(planned.state(), PollAction.CHECK_STATE,
                    clock.instant().plus(afterInternalError)), UnaryOperator.identity());
        }
        PollStep next = outcome.next();
        if (next.state().mode() != planned.state().mode()) {
            PollMode from = planned.state().mode();
            PollMode to = next.state().mode();
            LOG.info(() -> vin + ": " + from.label() + " -> " + to.label());
        }
        PollState s = next.state();
        TrackedVehicle.Polling polling = new TrackedVehicle.Polling(s.mode().label(),
                s.mode() == PollMode.BACKING_OFF ? s.backoffReason() : null,
                s.mode() == PollMode.BACKING_OFF ? s.backoffUntil() : null);
        UnaryOperator<TrackedVehicle> change = outcome.change();
        fleet.update(vin, v -> change.apply(v).withPolling(polling));
        return next;
    }

    /**
     * While the car's stream is live (connected, a signal within {@code TELEMETRY_STALE_SECONDS}), no
     * request is made for it — except one {@code vehicle_data} every {@code TELEMETRY_RECONCILE_SECONDS}
     * (also the first time, for what the stream does not send) — and the step is only looked at again
     * soon, to notice when the stream stops. Null: poll as usual.
     */
    private PollStep stepAside(TrackedVehicle v, PollStep planned, Instant now) {
        Duration reconcile = telemetry.reconcile();
        boolean reconcileDue = !reconcile.isZero() && (v.lastDataAt() == null || !v.lastDataAt().plus(reconcile).isAfter(now));
        if (reconcileDue && planned.action() == PollAction.FETCH_DATA) {
            return null;
        }
        long lookAgain = Math.max(1, Math.min(30, telemetry.staleAfter().toSeconds() / 3));
        return new PollStep(planned.state().mode(PollMode.STREAMING), PollAction.FETCH_DATA, now.plusSeconds(lookAgain));
    }

    private Outcome attempt(FleetApi api, DoubleSupplier stretch, String vin, PollStep planned) {
        PollState state = planned.state();
        PollAction action = planned.action();
        try {
            Outcome outcome = switch (action) {
                case CHECK_STATE -> {
                    OnlineState online = api.state(vin);
                    yield new Outcome(policy.onState(state, online, clock.instant()),
                            v -> v.withSummary(v.summary().withState(online)));
                }
                case FETCH_DATA -> {
                    VehicleSnapshot snapshot = api.vehicleData(vin);
                    var at = clock.instant();
                    fleet.regionNotRegistered(false);
                    yield new Outcome(policy.onData(state, snapshot, at, stretch.getAsDouble()), v -> v.withData(snapshot, at));
                }
                case WAKE -> {
                    LOG.info("Waking " + vin + " (WAKE_ON_POLL=true)");
                    api.wakeUp(vin);
                    yield new Outcome(policy.onWakeSent(state, clock.instant()), UnaryOperator.identity());
                }
            };
            fleet.apiUp(true);
            return outcome;
        } catch (VehicleAsleepException asleep) {
            // 408 means asleep or offline, as every well-known logger reads it: a state, not an error
            return new Outcome(policy.onFailure(state, action, PollFailure.ASLEEP, null, clock.instant()),
                    v -> v.withSummary(v.summary().withState(OnlineState.ASLEEP)));
        } catch (FleetApiException e) {
            PollFailure failure = classify(e);
            if (failure != PollFailure.NOT_LOGGED_IN) {
                failed(vin, e.errorType());
            }
            if (e instanceof RegionNotRegisteredException) {
                fleet.regionNotRegistered(true);
            }
            PollStep next = policy.onFailure(state, action, failure,
                    e instanceof RateLimitedException r ? r.retryAfter().orElse(null) : null, clock.instant());
            LOG.warning(vin + ": " + describe(action) + " failed (" + e.errorType() + "): " + e.getMessage()
                    + "; next try at " + next.at());
            return new Outcome(next, UnaryOperator.identity());
        }
    }

    private void failed(String vin, String errorType) {
        String name = fleet.vehicle(vin).map(TrackedVehicle::name).orElse("");
        fleet.tell(new FleetEvent.PollFailed(vin, name, errorType));
    }

    static PollFailure classify(FleetApiException e) {
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

    private static String describe(PollAction action) {
        return switch (action) {
            case CHECK_STATE -> "reading its state";
            case FETCH_DATA -> "reading vehicle_data";
            case WAKE -> "waking it";
        };
    }
}
