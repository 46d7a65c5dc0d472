package org.teslaexporter.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;

/**
 * The logins in progress: each has a random OAuth {@code state} (single use, expiring), a PKCE code
 * verifier (RFC 7636, S256) and a browser binding — a random value also set as a cookie in the
 * browser of the signed-in admin who started it. A callback is accepted only with a valid state
 * <em>and</em> that browser's binding, so neither a forged callback nor a state link sent to someone
 * else's browser can slip an authorization code into the exporter (login CSRF), and an intercepted
 * code is useless without the verifier.
 */
public final class LoginStates {

    /** What a callback's state turned out to be. */
    public enum Verdict { VALID, MISSING, UNKNOWN, REUSED, EXPIRED, OTHER_BROWSER }

    /** A login just started: the state and PKCE challenge for the authorize URL, the binding for the cookie. */
    public record Started(String state, String codeChallenge, String binding) {
    }

    /** A checked callback; {@code codeVerifier} is set only when the verdict is VALID. */
    public record Checked(Verdict verdict, String codeVerifier) {
    }

    /** A login in progress, kept as one line of text so that any member may check its callback. */
    private record Pending(Instant expires, String bindingHash, String codeVerifier) {
        String text() {
            return expires.toEpochMilli() + " " + bindingHash + " " + codeVerifier;
        }

        static Optional<Pending> of(String text) {
            String[] parts = text.split(" ");
            try {
                return parts.length == 3 ? Optional.of(new Pending(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1], parts[2]))
                        : Optional.empty();
            } catch (NumberFormatException garbled) {
                return Optional.empty();
            }
        }
    }

    static final int MAX_PENDING = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration timeout;
    /** State → the login in progress; gone a while after it expired (an expired one is told apart until then). */
    private final SharedMap pending;
    /** States used up, for as long as their logins could have lived: a second callback is told it came twice. */
    private final SharedMap used;

    /** The logins of one exporter alone. */
    public LoginStates(Clock clock, Duration timeout) {
        this(clock, timeout, Cluster.ALONE);
    }

    /** In a cluster, the logins in progress are the members': a login started on one may come back to another. */
    public LoginStates(Clock clock, Duration timeout, Cluster cluster) {
        this.clock = clock;
        this.timeout = timeout;
        this.pending = cluster.kept("login-states", MAX_PENDING, clock);
        this.used = cluster.kept("login-states-used", MAX_PENDING * 4, clock);
    }

    /** A fresh state, verifier and browser binding for a new login; empty if the cluster did not keep it. */
    public Optional<Started> issue() {
        String state = random();
        String verifier = random();
        String binding = random();
        Pending p = new Pending(clock.instant().plus(timeout), sha256(binding), verifier);
        if (!pending.put(state, p.text(), timeout.multipliedBy(2))) {
            return Optional.empty();
        }
        return Optional.of(new Started(state, sha256(verifier), binding));
    }

    /** Checks a callback's state and the browser's binding cookie, and uses the state up (once, cluster-wide). */
    public Checked consume(String state, String binding) {
        if (state == null || state.isBlank()) {
            return new Checked(Verdict.MISSING, null);
        }
        if (state.length() > 100) {
            return new Checked(Verdict.UNKNOWN, null);
        }
        Instant now = clock.instant();
        Pending p = pending.get(state).flatMap(Pending::of).orElse(null);
        if (p == null) {
            return new Checked(used.get(state).isPresent() ? Verdict.REUSED : Verdict.UNKNOWN, null);
        }
        if (binding == null || !MessageDigest.isEqual(p.bindingHash().getBytes(StandardCharsets.US_ASCII),
                sha256(binding).getBytes(StandardCharsets.US_ASCII))) {
            return new Checked(Verdict.OTHER_BROWSER, null);   // not used up: the right browser may still come
        }
        // marked used before it is taken: a twin callback that no longer finds it pending then finds it used
        used.put(state, "used", timeout.multipliedBy(2));
        if (pending.take(state).isEmpty()) {
            return new Checked(Verdict.REUSED, null);           // another callback took it a moment ago
        }
        return now.isAfter(p.expires()) ? new Checked(Verdict.EXPIRED, null) : new Checked(Verdict.VALID, p.codeVerifier());
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** base64url(SHA-256(text)), as PKCE's S256 wants it; also how spent refresh tokens are remembered. */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
