package org.teslaexporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundedAnswersTest {

    private static final HttpLimits LIMITS = new HttpLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), 1000);

    /** An answer that never ends: an unbounded reader would fill the heap. */
    private static InputStream endless() {
        return new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
    }

    @Test
    void anAnswerWithinTheCapIsReadWhole() throws Exception {
        byte[] body = new byte[1000];
        try (var in = new BoundedAnswers.Bounded(new ByteArrayInputStream(body), LIMITS, System.nanoTime() + 1_000_000_000L)) {
            assertThat(in.readAllBytes()).hasSize(1000);
        }
    }

    @Test
    void anEndlessAnswerStopsAtTheCap() {
        var in = new BoundedAnswers.Bounded(endless(), LIMITS, System.nanoTime() + 60_000_000_000L);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(AnswerTooLargeException.class).hasMessageContaining("1000 bytes");
    }

    @Test
    void readingStopsAtTheDeadline() {
        var in = new BoundedAnswers.Bounded(endless(), new HttpLimits(LIMITS.connect(), LIMITS.read(), LIMITS.total(), Long.MAX_VALUE),
                System.nanoTime() - 1);
        assertThatThrownBy(in::read).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("HTTP_TOTAL_TIMEOUT_SECONDS");
    }

    @Test
    void outsideTextBecomesOneBoundedLine() {
        assertThat(OneLine.of("error\nFAKE LOG LINE\r\n\u001b[31mred", 100)).isEqualTo("error FAKE LOG LINE [31mred");
        assertThat(OneLine.of("x".repeat(500), 10)).isEqualTo("xxxxxxxxxx…");
        assertThat(OneLine.of(null, 10)).isEmpty();
    }

    @Test
    void aRepeatedEventIsLoggedOncePerPeriodWithTheCountHeldBack() {
        var records = new java.util.ArrayList<String>();
        var log = java.util.logging.Logger.getAnonymousLogger();
        log.setUseParentHandlers(false);
        log.setLevel(java.util.logging.Level.ALL);
        log.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        var clock = new org.teslaexporter.TestClock(java.time.Instant.parse("2026-11-28T12:00:00Z"));
        LogLimiter limiter = new LogLimiter(log, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 200; i++) {
            limiter.log(java.util.logging.Level.INFO, "same", "bad request");
        }
        limiter.log(java.util.logging.Level.INFO, "other", "other kind");
        clock.advance(Duration.ofMinutes(1));
        limiter.log(java.util.logging.Level.INFO, "same", "bad request");
        assertThat(records).containsExactly("bad request", "other kind", "bad request (199 more like it since the last report)");
    }
}
