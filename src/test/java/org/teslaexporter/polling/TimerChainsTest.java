package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestClock;

class TimerChainsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> cancelled = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean failing;
    private volatile boolean slow;

    /** Only what TimerChains uses: single-action timers that can be cancelled. */
    private final TimerService timers = (TimerService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {TimerService.class}, (proxy, method, args) -> {
                if (!method.getName().equals("createSingleActionTimer")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                if (failing) {
                    throw new IllegalStateException("timer service unavailable");
                }
                String key = (String) ((TimerConfig) args[1]).getInfo();
                if (slow) {
                    Thread.sleep(2);    // as a real timer service takes a moment: two arms at once overlap
                }
                created.add(key);
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Timer.class}, (p, m, a) -> {
                    if (m.getName().equals("cancel")) {
                        cancelled.add(key);
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
            });

    private final TimerChains chains = new TimerChains(timers, clock);

    @Test
    void armingOneChainTouchesOnlyThatChain() {
        chains.arm("A", clock.instant().plusSeconds(10));
        chains.arm("B", clock.instant().plusSeconds(10));
        chains.arm("A", clock.instant().plusSeconds(20));
        assertThat(created).containsExactly("A", "B", "A");
        assertThat(cancelled).containsExactly("A");
        chains.stop("B");
        assertThat(cancelled).containsExactly("A", "B");
    }

    @Test
    void aTimerThatCannotBeCreatedDoesNotThrowAndShowsAsOverdue() {
        chains.arm("ok", clock.instant().plusSeconds(60));
        failing = true;
        assertThat(chains.arm("car", clock.instant().plusSeconds(60))).isFalse();
        Duration grace = Duration.ofMinutes(4);
        assertThat(chains.overdue(grace)).isEmpty();
        clock.advance(Duration.ofMinutes(6));
        assertThat(chains.overdue(grace)).as("both are overdue now: neither fired and re-armed").contains("car");
        assertThat(chains.overdue("car", grace)).isTrue();
        failing = false;
        chains.arm("car", clock.instant());
        chains.arm("ok", clock.instant().plusSeconds(60));
        assertThat(chains.overdue(grace)).isEmpty();
    }

    @Test
    void twoThreadsArmingOneChainAtOnceLeaveOneTimer() throws Exception {
        slow = true;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < 20; n++) {
                    chains.arm("car", clock.instant().plusSeconds(60));
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(created.size() - cancelled.size()).as("timers of the chain still pending").isEqualTo(1);
    }
}
