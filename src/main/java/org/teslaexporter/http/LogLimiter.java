package org.teslaexporter.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs a repeated event once per key and period, with the count of repeats it held back: a flood
 * of bad requests or wrong passwords writes a line a minute, not a line a request.
 */
public final class LogLimiter {

    private record Entry(Instant lastLogged, long held) {
    }

    private final Logger log;
    private final Duration period;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private static final int MAX_KEYS = 1000;

    public LogLimiter(Logger log, Duration period, Clock clock) {
        this.log = log;
        this.period = period;
        this.clock = clock;
    }

    /** Logs {@code message} unless {@code key} was logged within the period. @return true if it was logged */
    public boolean log(Level level, String key, String message) {
        Instant now = clock.instant();
        long held;
        synchronized (this) {
            Entry e = entries.get(key);
            if (e != null && now.isBefore(e.lastLogged().plus(period))) {
                entries.put(key, new Entry(e.lastLogged(), e.held() + 1));
                return false;
            }
            held = e == null ? 0 : e.held();
            entries.put(key, new Entry(now, 0));
            Iterator<String> oldest = entries.keySet().iterator();
            while (entries.size() > MAX_KEYS && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
        log.log(level, held == 0 ? message : message + " (" + held + " more like it since the last report)");
        return true;
    }
}
