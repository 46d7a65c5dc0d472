package org.teslaexporter.polling;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.teslaexporter.config.PollIntervals;
import org.teslaexporter.vehicle.Gear;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSnapshot;

/**
 * Decides, per vehicle, what to ask next and when — the sleep-aware, bill-aware schedule. Pure: no
 * clock, no I/O; the poller feeds it what happened and carries out its {@link PollStep}s, the
 * benchmark runs it on a virtual clock.
 * <ul>
 * <li>Driving or charging: data at the driving/charging interval.</li>
 * <li>Parked and online: data at {@code POLL_INTERVAL_SECONDS} until the car has been idle for
 *     {@code SUSPEND_AFTER_IDLE_SECONDS} — nothing keeps it awake: no one inside, climate,
 *     preconditioning and sentry off, everything closed, no update downloading — then
 *     <em>suspend</em>: no data calls for up to {@code SUSPEND_MAX_SECONDS}, only state checks, so
 *     the car can fall asleep (~15 min after the last data call).</li>
 * <li>Asleep or offline: state checks at {@code SLEEP_POLL_INTERVAL_SECONDS}; online again → data at once.</li>
 * <li>The suspension ends with the car still online → data once, then decide again.</li>
 * <li>Failures back off exponentially with jitter; 429 waits for Retry-After; 408 is sleep, not failure.</li>
 * <li>Wakes only with {@code WAKE_ON_POLL=true}, which restores the earlier fixed schedule.</li>
 * </ul>
 * {@code stretch} (≥ 1, from the monthly budget) lengthens the data intervals.
 */
public final class PollPolicy {

    static final Duration BILLING_LIMIT_BACKOFF = Duration.ofHours(6);
    static final Duration NOT_REGISTERED_BACKOFF = Duration.ofHours(1);
    /** When Tesla sends a 429 without saying how long to wait. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(15);

    private final PollIntervals intervals;
    private final boolean wakeOnPoll;
    private final RandomGenerator random;

    public PollPolicy(PollIntervals intervals, boolean wakeOnPoll, RandomGenerator random) {
        this.intervals = intervals;
        this.wakeOnPoll = wakeOnPoll;
        this.random = random;
    }

    public PollIntervals intervals() {
        return intervals;
    }

    /** The vehicle's state came back from a state check or the vehicle list. */
    public PollStep onState(PollState s, OnlineState online, Instant now) {
        if (online == OnlineState.ASLEEP || online == OnlineState.OFFLINE) {
            PollMode mode = online == OnlineState.ASLEEP ? PollMode.ASLEEP : PollMode.OFFLINE;
            PollState next = s.succeeded().mode(mode);
            if (!wakeOnPoll) {
                return new PollStep(next.wakeDeadline(null), PollAction.CHECK_STATE, now.plus(intervals.sleep()));
            }
            // The earlier exporter's behaviour: wake it, wait for it, and wake it again next cycle if that failed.
            if (s.wakeDeadline() == null) {
                return new PollStep(next, PollAction.WAKE, now);
            }
            if (now.isBefore(s.wakeDeadline())) {
                return new PollStep(next, PollAction.CHECK_STATE, now.plus(wakeCheck()));
            }
            return new PollStep(next.wakeDeadline(null), PollAction.WAKE, now.plus(intervals.sleep()));
        }
        if (online != OnlineState.ONLINE) {
            return new PollStep(s.succeeded(), PollAction.CHECK_STATE, now.plus(intervals.sleep()));
        }
        if (s.mode() == PollMode.SUSPENDED && s.suspendUntil() != null && now.isBefore(s.suspendUntil())) {
            Instant nextCheck = min(now.plus(intervals.stateCheck()), s.suspendUntil());
            return new PollStep(s.succeeded(), PollAction.CHECK_STATE, nextCheck);
        }
        // Online after sleep (something woke it), at the end of a suspension, or first seen: look now.
        PollState next = s.succeeded().wakeDeadline(null);
        if (s.mode() == PollMode.ASLEEP || s.mode() == PollMode.OFFLINE || s.lastActiveAt() == null) {
            next = next.activeAt(now);
        }
        boolean moving = s.mode() == PollMode.DRIVING || s.mode() == PollMode.CHARGING;
        return new PollStep(next.mode(moving ? s.mode() : PollMode.PARKED_AWAKE), PollAction.FETCH_DATA, now);
    }

    /** Fresh data arrived. */
    public PollStep onData(PollState s, VehicleSnapshot data, Instant now, double stretch) {
        boolean driving = driving(data);
        boolean charging = charging(data);
        PollState next = s.succeeded();
        if (driving || charging || keepsAwake(data) || next.lastActiveAt() == null) {
            next = next.activeAt(now);
        }
        if (driving) {
            return new PollStep(next.mode(PollMode.DRIVING), PollAction.FETCH_DATA, now.plus(stretched(intervals.driving(), stretch)));
        }
        if (charging) {
            return new PollStep(next.mode(PollMode.CHARGING), PollAction.FETCH_DATA, now.plus(stretched(intervals.charging(), stretch)));
        }
        Instant nextData = now.plus(stretched(intervals.parked(), stretch));
        if (wakeOnPoll) {
            return new PollStep(next.mode(PollMode.PARKED_AWAKE), PollAction.FETCH_DATA, nextData);
        }
        Instant idleEnough = next.lastActiveAt().plus(intervals.suspendAfterIdle());
        if (!now.isBefore(idleEnough)) {
            PollState suspended = next.suspendedUntil(now.plus(intervals.suspendMax()));
            return new PollStep(suspended, PollAction.CHECK_STATE, min(now.plus(intervals.stateCheck()), suspended.suspendUntil()));
        }
        // Look again at the usual interval, but no later than the moment the car has been idle long enough.
        return new PollStep(next.mode(PollMode.PARKED_AWAKE), PollAction.FETCH_DATA, min(nextData, idleEnough));
    }

    /** A wake-up was sent: check often, until {@code WAKE_TIMEOUT_SECONDS}, whether the car is online. */
    public PollStep onWakeSent(PollState s, Instant now) {
        return new PollStep(s.succeeded().wakeDeadline(now.plus(intervals.wakeTimeout())), PollAction.CHECK_STATE,
                now.plus(wakeCheck()));
    }

    private Duration wakeCheck() {
        return min(intervals.stateCheck(), Duration.ofSeconds(5));
    }

    /**
     * A request failed.
     *
     * @param failed     what was asked
     * @param retryAfter Tesla's Retry-After for a 429, or null
     */
    public PollStep onFailure(PollState s, PollAction failed, PollFailure failure, Duration retryAfter, Instant now) {
        return switch (failure) {
            case ASLEEP -> new PollStep(s.succeeded().mode(PollMode.ASLEEP), PollAction.CHECK_STATE, now.plus(intervals.sleep()));
            case RATE_LIMITED -> backOff(s, "rate_limited", now.plus(rateLimitWait(retryAfter)), failed, s.failures());
            case BILLING_LIMIT -> backOff(s, "billing_limit", now.plus(BILLING_LIMIT_BACKOFF), failed, s.failures());
            case NOT_REGISTERED -> backOff(s, "not_registered", now.plus(NOT_REGISTERED_BACKOFF), failed, s.failures());
            case NOT_LOGGED_IN -> backOff(s, "login", now.plus(intervals.parked()), PollAction.CHECK_STATE, s.failures());
            case ERROR -> {
                int failures = s.failures() + 1;
                yield backOff(s, "errors", now.plus(backoffDelay(s, failures)), failed, failures);
            }
        };
    }

    /**
     * How long to wait after a 429: Tesla's Retry-After, at least a second and at most
     * {@code BACKOFF_MAX_SECONDS} — a header of 999999999 s must not park a car for decades; the
     * next try after the cap asks Tesla again (and gets a fresh Retry-After if it still applies).
     */
    public Duration rateLimitWait(Duration retryAfter) {
        Duration wait = retryAfter == null ? DEFAULT_RATE_LIMIT_WAIT : retryAfter;
        if (wait.compareTo(intervals.backoffMax()) > 0) {
            wait = intervals.backoffMax();
        }
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    /** Exponential from the current mode's interval, doubled per consecutive failure, capped, ±20 % jitter. */
    Duration backoffDelay(PollState s, int failures) {
        Duration base = switch (s.mode()) {
            case DRIVING -> intervals.driving();
            case CHARGING -> intervals.charging();
            case SUSPENDED -> intervals.stateCheck();
            case ASLEEP, OFFLINE -> intervals.sleep();
            default -> intervals.parked();
        };
        double factor = Math.pow(2, Math.min(failures - 1, 20));
        double seconds = Math.min(intervals.backoffMax().toMillis() / 1000.0, base.toMillis() / 1000.0 * factor);
        double jittered = seconds * (0.8 + 0.4 * random.nextDouble());
        return Duration.ofMillis(Math.max(1000, (long) (jittered * 1000)));
    }

    private PollStep backOff(PollState s, String reason, Instant until, PollAction then, int failures) {
        PollState next = s.backingOff(reason, until, then, failures);
        return new PollStep(next, then, until);
    }

    /** Moving or in a driving gear. */
    public static boolean driving(VehicleSnapshot s) {
        Gear gear = s.drive().shiftState();
        Double speed = s.drive().speedKmh();
        return (gear != null && gear.driving()) || (speed != null && speed > 0);
    }

    public static boolean charging(VehicleSnapshot s) {
        return s.charge().chargingState() != null && s.charge().chargingState().charging();
    }

    /** Something that keeps the car awake anyway, so suspending would not let it sleep. */
    public static boolean keepsAwake(VehicleSnapshot s) {
        String update = s.software().updateStatus() == null ? "" : s.software().updateStatus().toLowerCase(Locale.ROOT);
        return isTrue(s.body().userPresent()) || isTrue(s.climate().climateOn()) || isTrue(s.climate().preconditioning())
                || isTrue(s.body().sentryMode()) || anyTrue(s.body().doorsOpen()) || anyTrue(s.body().trunksOpen())
                || anyTrue(s.body().windowsOpen()) || update.contains("download") || update.contains("install");
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    private static boolean anyTrue(Map<String, Boolean> flags) {
        return flags.containsValue(Boolean.TRUE);
    }

    private static Duration stretched(Duration d, double stretch) {
        return stretch <= 1 ? d : Duration.ofMillis((long) (d.toMillis() * stretch));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
