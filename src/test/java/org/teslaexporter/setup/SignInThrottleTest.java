package org.teslaexporter.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestClock;

class SignInThrottleTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void aFewTyposCostNothingThenEachFailureDoublesTheLockout() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.wait("198.51.100.7")).isEmpty();
            throttle.failed("198.51.100.7");
        }
        assertThat(throttle.wait("198.51.100.7")).isEmpty();
        throttle.failed("198.51.100.7");
        assertThat(throttle.wait("198.51.100.7")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        throttle.failed("198.51.100.7");
        assertThat(throttle.wait("198.51.100.7")).contains(Duration.ofSeconds(2));
        for (int i = 0; i < 30; i++) {
            clock.advance(SignInThrottle.MAX_LOCKOUT);
            throttle.failed("198.51.100.7");
        }
        assertThat(throttle.wait("198.51.100.7")).as("capped").contains(SignInThrottle.MAX_LOCKOUT);
        assertThat(throttle.wait("203.0.113.9")).as("another address is not locked out").isEmpty();
    }

    @Test
    void theRightPasswordStartsOver() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("a");
        }
        throttle.succeeded("a");
        assertThat(throttle.wait("a")).isEmpty();
    }

    @Test
    void manyAddressesTogetherHitTheGlobalLimit() {
        for (int i = 0; i < SignInThrottle.GLOBAL_PER_MINUTE; i++) {
            throttle.failed("10.0.0." + i);
        }
        assertThat(throttle.wait("192.0.2.1")).as("a botnet's next guess waits too").isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.wait("192.0.2.1")).isEmpty();
    }
}
