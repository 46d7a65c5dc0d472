package org.teslaexporter.auth;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An OAuth token pair as kept in the token file. {@code toString} hides both tokens.
 *
 * @param expiresAt when the access token expires; null if the file did not say (then it is used until refused)
 */
public record Tokens(String accessToken, String refreshToken, Instant expiresAt, Instant createdAt) {

    /** Lifetime of an access token whose answer does not say (Tesla's are 8 h). */
    static final long DEFAULT_LIFETIME_SECONDS = 28800;

    /** Longest believed {@code expires_in}; anything longer (or negative, or not a number) is replaced by the default. */
    static final long MAX_LIFETIME_SECONDS = 30L * 24 * 3600;

    /**
     * The pair in a token endpoint answer ({@code access_token}, {@code refresh_token},
     * {@code expires_in}), created {@code now}. Lenient on purpose: after a refresh the old refresh
     * token is spent, so whatever refresh token the answer holds must be kept (and saved) even if
     * the rest is odd; an absurd {@code expires_in} becomes Tesla's usual 8 hours.
     *
     * @param keptRefresh the refresh token to keep when the answer brings none (a refresh may not rotate it), or null
     * @return empty only when there is no refresh token at all; the access token may be null
     */
    public static Optional<Tokens> fromAnswer(JsonObject answer, String keptRefresh, Instant now) {
        String access = text(answer, "access_token");
        String refresh = Optional.ofNullable(text(answer, "refresh_token")).orElse(keptRefresh);
        if (refresh == null) {
            return Optional.empty();
        }
        long lifetime = DEFAULT_LIFETIME_SECONDS;
        if (answer.get("expires_in") instanceof JsonNumber n) {
            double seconds = n.doubleValue();
            if (Double.isFinite(seconds) && seconds > 0 && seconds <= MAX_LIFETIME_SECONDS) {
                lifetime = (long) seconds;
            }
        }
        return Optional.of(new Tokens(access, refresh, now.plusSeconds(lifetime), now));
    }

    private static String text(JsonObject answer, String key) {
        return answer.get(key) instanceof JsonString s && !s.getString().isBlank() ? s.getString() : null;
    }

    /** True when the access token expires within {@code margin} of {@code now}. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Tokens[expiresAt=" + expiresAt + ", createdAt=" + createdAt + "]";
    }
}
