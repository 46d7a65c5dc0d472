package org.teslaexporter.polling;

import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The poller's chains of single-action, non-persistent EJB timers: one per key (the account, each
 * car). Handles are kept by key, so arming or cancelling one chain touches that chain alone. Each
 * chain's next due time is kept too: a chain whose timer could not be created (or was lost) is
 * <em>overdue</em>, which the liveness check reports and the account cycle repairs.
 */
final class TimerChains {

    private static final Logger LOG = Logger.getLogger(TimerChains.class.getName());

    private final TimerService timers;
    private final Clock clock;
    private final Map<String, Timer> armed = new ConcurrentHashMap<>();
    private final Map<String, Instant> due = new ConcurrentHashMap<>();

    TimerChains(TimerService timers, Clock clock) {
        this.timers = timers;
        this.clock = clock;
    }

    /**
     * Schedules the chain {@code key} to fire at {@code at}, replacing its pending timer. Never throws:
     * it runs in {@code finally} blocks of timeouts, where an exception would end the chain silently.
     *
     * @return false if the timer could not be created (the chain is then overdue until repaired)
     */
    boolean arm(String key, Instant at) {
        // one step per key: two threads arming one chain at once (a step's end, a hand-over) leave one timer, never two
        boolean[] armedNow = {false};
        armed.compute(key, (k, pending) -> {
            if (pending != null) {
                cancelQuietly(pending);
            }
            due.put(key, at);
            try {
                long delay = Math.max(1, Duration.between(clock.instant(), at).toMillis());
                Timer t = timers.createSingleActionTimer(delay, new TimerConfig(key, false));   // non-persistent
                armedNow[0] = true;
                return t;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Cannot schedule the next poll of " + key + " (" + e.getClass().getSimpleName()
                        + "); it is retried at the next vehicle list, and /health/live reports it meanwhile", e);
                return null;
            }
        });
        return armedNow[0];
    }

    /** Stops the chain {@code key}. */
    void stop(String key) {
        cancel(key, true);
    }

    void stopAll() {
        for (String key : List.copyOf(armed.keySet())) {
            cancel(key, true);
        }
        due.clear();
    }

    private void cancel(String key, boolean forget) {
        Timer t = armed.remove(key);
        if (forget) {
            due.remove(key);
        }
        if (t != null) {
            cancelQuietly(t);
        }
    }

    private static void cancelQuietly(Timer t) {
        try {
            t.cancel();
        } catch (RuntimeException firedOrGone) {
            // fired or cancelled meanwhile
        }
    }

    /** True if the chain exists and should have fired more than {@code grace} ago. */
    boolean overdue(String key, Duration grace) {
        Instant at = due.get(key);
        return at != null && at.plus(grace).isBefore(clock.instant());
    }

    /** The chains that should have fired more than {@code grace} ago (for the liveness check). */
    List<String> overdue(Duration grace) {
        Instant limit = clock.instant().minus(grace);
        List<String> late = new ArrayList<>();
        due.forEach((key, at) -> {
            if (at.isBefore(limit)) {
                late.add(key);
            }
        });
        return late;
    }
}
