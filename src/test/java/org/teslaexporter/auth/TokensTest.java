package org.teslaexporter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;

class TokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void recordedTokenAnswersBecomeAPair() {
        Tokens t = Tokens.fromAnswer(Fixtures.json(Fixtures.shared("token_refresh.recorded.json")), null, NOW).orElseThrow();
        assertThat(t.refreshToken()).isEqualTo("<TESLA_REFRESH_TOKEN>");
        assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(28800));
        assertThat(t.createdAt()).isEqualTo(NOW);
    }

    @Test
    void aRefreshWithoutANewRefreshTokenKeepsTheOldOne() {
        Tokens t = Tokens.fromAnswer(Fixtures.json("{\"access_token\":\"a\",\"expires_in\":60}"), "kept", NOW).orElseThrow();
        assertThat(t.refreshToken()).isEqualTo("kept");
        assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aRefreshTokenIsKeptEvenWhenTheRestOfTheAnswerIsOdd() {
        // after a refresh the old refresh token is spent: a new one in the answer must never be dropped
        Tokens noAccess = Tokens.fromAnswer(Fixtures.json("{\"refresh_token\":\"r\"}"), "kept", NOW).orElseThrow();
        assertThat(noAccess.refreshToken()).isEqualTo("r");
        assertThat(noAccess.accessToken()).isNull();
        assertThat(Tokens.fromAnswer(Fixtures.json("{\"access_token\":\" \",\"refresh_token\":\"r\"}"), null, NOW)
                .orElseThrow().accessToken()).isNull();
        assertThat(Tokens.fromAnswer(Fixtures.json("{\"access_token\":\"a\"}"), null, NOW)).as("a login needs a refresh token").isEmpty();
        assertThat(Tokens.fromAnswer(Fixtures.json("{\"access_token\":\"a\",\"refresh_token\":\"r\"}"), null, NOW).orElseThrow()
                .expiresAt()).isEqualTo(NOW.plusSeconds(Tokens.DEFAULT_LIFETIME_SECONDS));
    }

    @Test
    void anAbsurdLifetimeBecomesTheUsualEightHours() {
        for (String expires : new String[] {"1e300", "-5", "0", "99999999999", "\"soon\"", "null"}) {
            Tokens t = Tokens.fromAnswer(Fixtures.json("{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":"
                    + expires + "}"), null, NOW).orElseThrow();
            assertThat(t.expiresAt()).as(expires).isEqualTo(NOW.plusSeconds(Tokens.DEFAULT_LIFETIME_SECONDS));
        }
    }
}
