package org.teslaexporter.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * An OAuth token pair as kept in the token file. {@code toString} hides both tokens.
 *
 * @param expiresAt when the access token expires; null if the file did not say (then it is used until refused)
 */
public record Tokens(String accessToken, String refreshToken, Instant expiresAt, Instant createdAt) {

    /** True when the access token expires within {@code margin} of {@code now}. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Tokens[expiresAt=" + expiresAt + ", createdAt=" + createdAt + "]";
    }
}
