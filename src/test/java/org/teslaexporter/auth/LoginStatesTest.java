package org.teslaexporter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestClock;

class LoginStatesTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final LoginStates states = new LoginStates(clock, Duration.ofMinutes(10));

    @Test
    void aStateIsValidOnceAndOnlyWithTheBrowserThatStartedTheLogin() {
        LoginStates.Started s = states.issue().orElseThrow();
        assertThat(states.consume(s.state(), null).verdict()).isEqualTo(LoginStates.Verdict.OTHER_BROWSER);
        assertThat(states.consume(s.state(), "someone-elses").verdict()).isEqualTo(LoginStates.Verdict.OTHER_BROWSER);
        LoginStates.Checked ok = states.consume(s.state(), s.binding());
        assertThat(ok.verdict()).isEqualTo(LoginStates.Verdict.VALID);
        assertThat(LoginStates.sha256(ok.codeVerifier())).as("PKCE S256: the challenge is the verifier's hash")
                .isEqualTo(s.codeChallenge());
        assertThat(ok.codeVerifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(states.consume(s.state(), s.binding()).verdict()).isEqualTo(LoginStates.Verdict.REUSED);
    }

    @Test
    void unknownMissingAndExpiredStatesAreRefused() {
        assertThat(states.consume(null, "b").verdict()).isEqualTo(LoginStates.Verdict.MISSING);
        assertThat(states.consume("forged", "b").verdict()).isEqualTo(LoginStates.Verdict.UNKNOWN);
        LoginStates.Started s = states.issue().orElseThrow();
        clock.advance(Duration.ofMinutes(11));
        assertThat(states.consume(s.state(), s.binding()).verdict()).isEqualTo(LoginStates.Verdict.EXPIRED);
    }
}
