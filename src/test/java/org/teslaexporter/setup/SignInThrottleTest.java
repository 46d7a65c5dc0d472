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

    @Test
    void rotatingAddressesOfOneIpv6NetworkAreOneClient() {
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("2001:db8:1:2:" + Integer.toHexString(i) + "::" + Integer.toHexString(0x1000 + i));
        }
        assertThat(throttle.wait("2001:db8:1:2:ffff:ffff:ffff:ffff")).as("a fresh address of the same /64").isPresent();
        assertThat(throttle.wait("2001:0DB8:0001:0002::7")).as("written otherwise").isPresent();
        assertThat(throttle.wait("2001:db8:1:3::1")).as("the next /64 is another network").isEmpty();
        assertThat(SignInThrottle.group("::ffff:198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(SignInThrottle.group("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(SignInThrottle.group("::1")).isEqualTo("0:0:0:0::/64");
        assertThat(SignInThrottle.group("not:an:address:zz")).isEqualTo("not:an:address:zz");
    }

    @Test
    void aBrowserThatSignedInBeforeIsNotHeldBackByTheGlobalLimit() {
        for (int i = 0; i < SignInThrottle.GLOBAL_PER_MINUTE; i++) {
            throttle.failed("203.0.113." + i);      // a botnet keeps the global limit busy
        }
        assertThat(throttle.wait("198.51.100.7")).as("a stranger waits").isPresent();
        assertThat(throttle.wait("198.51.100.7", true)).as("the owner's browser may try").isEmpty();
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("198.51.100.7");
        }
        assertThat(throttle.wait("198.51.100.7", true)).as("its own address's lockout still holds").isPresent();
    }
}
