package org.teslaexporter.setup;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits password guessing on the set-up page without parking a thread: per client address, the
 * first {@link #FREE_FAILURES} wrong passwords cost nothing, then each locks that address out for a
 * doubling time (1 s, 2 s, 4 s … up to {@link #MAX_LOCKOUT}); across all addresses at most
 * {@link #GLOBAL_PER_MINUTE} failures a minute are checked at all (a botnet of many addresses). A
 * locked-out attempt is answered at once with 429 and never reaches the password check.
 * <p>
 * An IPv6 client is counted by its /64 — one subscriber's network hands out endless addresses of
 * it — and an IPv4-mapped one as its IPv4 address. A browser that signed in before (it shows the
 * device mark {@link org.teslaexporter.auth.AdminAccess} gave it) is not held back by the global
 * limit, so an attacker who keeps that limit busy does not lock the owner out; its own address's
 * lockout still applies.
 */
final class SignInThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    static final int GLOBAL_PER_MINUTE = 30;
    static final int MAX_ADDRESSES = 10_000;

    private record Record(int failures, Instant lockedUntil, Instant lastFailure) {
    }

    private final Clock clock;
    private final Map<String, Record> byAddress = new LinkedHashMap<>(16, 0.75f, true);
    private Instant windowStart = Instant.MIN;
    private int failuresInWindow;

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must wait before its next attempt is checked; empty if it may try now. */
    synchronized Optional<Duration> wait(String address) {
        return wait(address, false);
    }

    /**
     * How long {@code address} must wait; a {@code knownDevice} (one that signed in before) is not held
     * back by the global limit.
     */
    synchronized Optional<Duration> wait(String address, boolean knownDevice) {
        Instant now = clock.instant();
        Record r = byAddress.get(group(address));
        if (r != null && r.lockedUntil().isAfter(now)) {
            return Optional.of(roundUp(Duration.between(now, r.lockedUntil())));
        }
        if (!knownDevice && now.isBefore(windowStart.plusSeconds(60)) && failuresInWindow >= GLOBAL_PER_MINUTE) {
            return Optional.of(roundUp(Duration.between(now, windowStart.plusSeconds(60))));
        }
        return Optional.empty();
    }

    /** A wrong password from {@code address}. @return the number of consecutive failures of that address */
    synchronized int failed(String client) {
        String address = group(client);
        Instant now = clock.instant();
        if (!now.isBefore(windowStart.plusSeconds(60))) {
            windowStart = now;
            failuresInWindow = 0;
        }
        failuresInWindow++;
        Record r = byAddress.get(address);
        // an address quiet for longer than the longest lockout starts over
        int failures = r == null || r.lastFailure().plus(MAX_LOCKOUT.multipliedBy(2)).isBefore(now) ? 1 : r.failures() + 1;
        Instant until = now;
        if (failures > FREE_FAILURES) {
            long seconds = Math.min(MAX_LOCKOUT.toSeconds(), 1L << Math.min(failures - FREE_FAILURES - 1, 30));
            until = now.plusSeconds(seconds);
        }
        byAddress.put(address, new Record(failures, until, now));
        Iterator<String> oldest = byAddress.keySet().iterator();
        while (byAddress.size() > MAX_ADDRESSES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        return failures;
    }

    /** The right password: that address starts over. */
    synchronized void succeeded(String address) {
        byAddress.remove(group(address));
    }

    /**
     * What an address is counted as: an IPv6 address by its /64 ({@code 2001:db8:1:2::/64}), an
     * IPv4-mapped one as IPv4, anything else as it is. A text with a colon is only ever read as an IPv6
     * literal by the JDK, never looked up as a name.
     */
    static String group(String address) {
        if (address == null || address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}")) {
            return address;
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address);
        } catch (UnknownHostException notAnAddress) {
            return address;
        }
        if (parsed instanceof Inet4Address) {
            return parsed.getHostAddress();     // ::ffff:198.51.100.7
        }
        byte[] b = parsed.getAddress();
        return String.format("%x:%x:%x:%x::/64", (b[0] & 0xff) << 8 | (b[1] & 0xff), (b[2] & 0xff) << 8 | (b[3] & 0xff),
                (b[4] & 0xff) << 8 | (b[5] & 0xff), (b[6] & 0xff) << 8 | (b[7] & 0xff));
    }

    private static Duration roundUp(Duration d) {
        return Duration.ofSeconds(Math.max(1, (d.toMillis() + 999) / 1000));
    }
}
