package org.teslaexporter.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link SharedMap#local}: bounded, least recently used first out, an entry's idle time checked when it is asked for. */
final class LocalMap implements SharedMap {

    private record Entry(String value, Duration idle, Instant touched) {
        boolean gone(Instant now) {
            return idle != null && touched.plus(idle).isBefore(now);
        }
    }

    private final int max;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    LocalMap(int max, Clock clock) {
        this.max = max;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<String> get(String key) {
        Entry e = live(key);
        if (e == null) {
            return Optional.empty();
        }
        entries.put(key, new Entry(e.value(), e.idle(), clock.instant()));
        return Optional.of(e.value());
    }

    private Entry live(String key) {
        Entry e = entries.get(key);
        if (e != null && e.gone(clock.instant())) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    @Override
    public boolean put(String key, String value) {
        return put(key, value, null);
    }

    @Override
    public synchronized boolean put(String key, String value, Duration idle) {
        Iterator<String> oldest = entries.keySet().iterator();
        while (entries.size() >= max && !entries.containsKey(key) && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        entries.put(key, new Entry(value, idle, clock.instant()));
        return true;
    }

    @Override
    public synchronized void remove(String key) {
        entries.remove(key);
    }

    @Override
    public synchronized Optional<String> take(String key) {
        Entry e = live(key);
        entries.remove(key);
        return Optional.ofNullable(e).map(Entry::value);
    }

    @Override
    public synchronized boolean replace(String key, String expected, String value) {
        Entry e = live(key);
        if (!Objects.equals(e == null ? null : e.value(), expected)) {
            return false;
        }
        return put(key, value, e == null ? null : e.idle());
    }

    @Override
    public synchronized Map<String, String> all() {
        Map<String, String> all = new HashMap<>();
        Instant now = clock.instant();
        entries.forEach((k, e) -> {
            if (!e.gone(now)) {
                all.put(k, e.value());
            }
        });
        return all;
    }
}
