package org.teslaexporter.setup;

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
     * IPv4-mapped one as IPv4, anything else as it is. Parsed by hand: never a name lookup.
     */
    static String group(String address) {
        if (address == null || address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]{2,45}")) {
            return address;
        }
        String a = address.toLowerCase(java.util.Locale.ROOT);
        if (a.startsWith("::ffff:") && a.substring(7).matches("[0-9.]{7,15}")) {
            return a.substring(7);
        }
        int[] groups = new int[8];
        String[] halves = a.split("::", -1);
        if (halves.length > 2) {
            return address;
        }
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
        String[] tail = halves.length == 1 || halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
        if (head.length + tail.length > 8 || (halves.length == 1 && head.length != 8)) {
            return address;
        }
        try {
            for (int i = 0; i < head.length; i++) {
                groups[i] = hextet(head[i]);
            }
            for (int i = 0; i < tail.length; i++) {
                groups[8 - tail.length + i] = hextet(tail[i]);
            }
        } catch (NumberFormatException notHex) {
            return address;     // e.g. an embedded IPv4 tail: counted whole
        }
        return String.format("%x:%x:%x:%x::/64", groups[0], groups[1], groups[2], groups[3]);
    }

    private static int hextet(String h) {
        if (h.isEmpty() || h.length() > 4) {
            throw new NumberFormatException(h);
        }
        return Integer.parseInt(h, 16);
    }

    private static Duration roundUp(Duration d) {
        return Duration.ofSeconds(Math.max(1, (d.toMillis() + 999) / 1000));
    }
}
