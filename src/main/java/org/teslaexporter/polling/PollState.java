package org.teslaexporter.polling;

import java.time.Instant;

/**
 * The policy's memory of one vehicle. Immutable; {@link PollPolicy} returns a new one with each step.
 *
 * @param mode          current mode
 * @param lastActiveAt  when data last showed something that keeps the car awake (driving, charging,
 *                      someone inside, climate, sentry, an opening, an update); the idle clock
 * @param suspendUntil  end of the current suspension, or null
 * @param failures      consecutive failed requests (reset by any success)
 * @param backoffReason why the vehicle is backing off ({@code errors}, {@code rate_limited},
 *                      {@code billing_limit}, {@code not_registered}, {@code login}), or null
 * @param backoffUntil  when the backoff ends, or null
 * @param resume        what to ask when the backoff ends
 * @param wakeDeadline  after a wake-up ({@code WAKE_ON_POLL=true}): until when to check often for the car to come online
 */
public record PollState(PollMode mode, Instant lastActiveAt, Instant suspendUntil, int failures,
        String backoffReason, Instant backoffUntil, PollAction resume, Instant wakeDeadline) {

    /** A vehicle seen for the first time. */
    public static PollState initial() {
        return new PollState(PollMode.PARKED_AWAKE, null, null, 0, null, null, null, null);
    }

    PollState mode(PollMode newMode) {
        return new PollState(newMode, lastActiveAt, newMode == PollMode.SUSPENDED ? suspendUntil : null,
                failures, null, null, null, wakeDeadline);
    }

    PollState succeeded() {
        return new PollState(mode, lastActiveAt, suspendUntil, 0, null, null, null, wakeDeadline);
    }

    PollState activeAt(Instant at) {
        return new PollState(mode, at, suspendUntil, failures, backoffReason, backoffUntil, resume, wakeDeadline);
    }

    PollState suspendedUntil(Instant until) {
        return new PollState(PollMode.SUSPENDED, lastActiveAt, until, failures, null, null, null, null);
    }

    PollState backingOff(String reason, Instant until, PollAction then, int failureCount) {
        return new PollState(PollMode.BACKING_OFF, lastActiveAt, null, failureCount, reason, until, then, wakeDeadline);
    }

    PollState wakeDeadline(Instant deadline) {
        return new PollState(mode, lastActiveAt, suspendUntil, failures, backoffReason, backoffUntil, resume, deadline);
    }
}
