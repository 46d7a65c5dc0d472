package org.teslaexporter.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth {@code state} values of logins in progress: random, kept server-side, single use,
 * expiring. A callback whose state is missing, unknown, reused or expired is refused, so nobody can
 * slip their own authorization code into the exporter (login CSRF).
 */
public final class LoginStates {

    /** What a callback's state turned out to be. */
    public enum Verdict { VALID, MISSING, UNKNOWN, REUSED, EXPIRED }

    static final int MAX_PENDING = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Instant> pending = new LinkedHashMap<>();
    private final Map<String, Instant> used = new LinkedHashMap<>();

    public LoginStates(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A fresh state for a new login. */
    public synchronized String issue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        evictBeyond(pending, MAX_PENDING - 1);
        pending.put(state, clock.instant().plus(timeout));
        return state;
    }

    /** Checks a callback's state and uses it up. */
    public synchronized Verdict consume(String state) {
        if (state == null || state.isBlank()) {
            return Verdict.MISSING;
        }
        Instant now = clock.instant();
        Instant expires = pending.remove(state);
        if (expires == null) {
            return used.containsKey(state) ? Verdict.REUSED : Verdict.UNKNOWN;
        }
        evictBeyond(used, MAX_PENDING * 4);
        used.put(state, now);
        return now.isAfter(expires) ? Verdict.EXPIRED : Verdict.VALID;
    }

    private static void evictBeyond(Map<String, Instant> map, int max) {
        Iterator<String> oldest = map.keySet().iterator();
        while (map.size() > max && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
