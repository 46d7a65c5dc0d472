package org.teslaexporter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestClock;

/** The map one exporter alone keeps its sessions and logins in: bounded, idle entries gone, one taker. */
class LocalMapTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-03T08:00:00Z"));
    private final SharedMap map = SharedMap.local(3, clock);

    @Test
    void anEntryUnusedForItsIdleTimeIsGoneAndEveryUseKeepsItLonger() {
        map.put("session", "csrf", Duration.ofMinutes(60));
        clock.advance(Duration.ofMinutes(50));
        assertThat(map.get("session")).contains("csrf");
        clock.advance(Duration.ofMinutes(50));
        assertThat(map.get("session")).as("used 50 minutes ago").contains("csrf");
        clock.advance(Duration.ofMinutes(61));
        assertThat(map.get("session")).isEmpty();
        assertThat(map.all()).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedLeavesFirstAndAValueIsTakenOnce() {
        map.put("a", "1");
        map.put("b", "2");
        map.put("c", "3");
        map.get("a");
        map.put("d", "4");
        assertThat(map.all()).containsOnlyKeys("a", "c", "d");
        assertThat(map.take("a")).contains("1");
        assertThat(map.take("a")).isEmpty();
        assertThat(map.replace("c", "2", "x")).isFalse();
        assertThat(map.replace("c", "3", "x")).isTrue();
        assertThat(map.replace("e", null, "5")).isTrue();
        assertThat(map.replace("e", null, "6")).isFalse();
        assertThat(map.all()).containsEntry("c", "x").containsEntry("e", "5");
    }
}
