package org.teslaexporter.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private record Pending(Instant expires, String bindingHash, String codeVerifier) {
    }

    static final int MAX_PENDING = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Instant> used = new LinkedHashMap<>();

    public LoginStates(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A fresh state, verifier and browser binding for a new login. */
    public synchronized Started issue() {
        String state = random();
        String verifier = random();
        String binding = random();
        evictBeyond(pending, MAX_PENDING - 1);
        pending.put(state, new Pending(clock.instant().plus(timeout), sha256(binding), verifier));
        return new Started(state, sha256(verifier), binding);
    }

    /** Checks a callback's state and the browser's binding cookie, and uses the state up. */
    public synchronized Checked consume(String state, String binding) {
        if (state == null || state.isBlank()) {
            return new Checked(Verdict.MISSING, null);
        }
        Instant now = clock.instant();
        Pending p = pending.get(state);
        if (p == null) {
            return new Checked(used.containsKey(state) ? Verdict.REUSED : Verdict.UNKNOWN, null);
        }
        if (binding == null || !MessageDigest.isEqual(p.bindingHash().getBytes(StandardCharsets.US_ASCII),
                sha256(binding).getBytes(StandardCharsets.US_ASCII))) {
            return new Checked(Verdict.OTHER_BROWSER, null);   // not used up: the right browser may still come
        }
        pending.remove(state);
        evictBeyond(used, MAX_PENDING * 4);
        used.put(state, now);
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

    private static <V> void evictBeyond(Map<String, V> map, int max) {
        Iterator<String> oldest = map.keySet().iterator();
        while (map.size() > max && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
