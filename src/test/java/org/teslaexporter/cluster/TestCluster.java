package org.teslaexporter.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One member of a cluster of three for tests without Hazelcast: it owns what {@link #owned} holds (everything
 * while {@link #ownsAll}), its shared maps are in memory ({@link SharedMap#local}) and so are its guarded values.
 * {@link #sibling} is another member of the same cluster: its own ownership, the same shared maps.
 */
public final class TestCluster implements Cluster {

    public final Set<String> owned = ConcurrentHashMap.newKeySet();
    public volatile boolean ownsAll;
    /** While false, its shared maps never answer (a timeout, no majority): {@link SharedMap#NONE}. */
    public volatile boolean answers = true;
    public final Map<String, String> guardedValues = new ConcurrentHashMap<>();
    private final Map<String, SharedMap> maps;
    private final Clock clock;
    private final int self;
    /** How often each of the three members has started, shared by the siblings: a member's id is its address and start. */
    private final int[] starts;

    public TestCluster(Clock clock) {
        this(clock, new ConcurrentHashMap<>(), 0, new int[3]);
    }

    private TestCluster(Clock clock, Map<String, SharedMap> maps, int self, int[] starts) {
        this.clock = clock;
        this.maps = maps;
        this.self = self;
        this.starts = starts;
    }

    /** The cluster's next member ({@code 127.0.0.1:5702} after {@code :5701}), sharing this one's maps. */
    public TestCluster sibling() {
        return new TestCluster(clock, maps, (self + 1) % 3, starts);
    }

    /** This member killed and started again at the same address: a new id, the same maps; this instance is the dead one. */
    public synchronized TestCluster restarted() {
        starts[self]++;
        return new TestCluster(clock, maps, self, starts);
    }

    @Override
    public boolean owns(String key) {
        return ownsAll || owned.contains(key);
    }

    @Override
    public long ownership() {
        return ownsAll ? 1 : owned.hashCode();
    }

    @Override
    public List<String> members() {
        return itselfFirst(i -> ADDRESSES.get(i));
    }

    @Override
    public synchronized List<String> memberIds() {
        return itselfFirst(i -> ADDRESSES.get(i) + "#" + starts[i]);
    }

    private static final List<String> ADDRESSES = List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");

    /** The three members as {@code name} names member i, this one first. */
    private List<String> itselfFirst(java.util.function.IntFunction<String> name) {
        List<String> all = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(name.apply((self + i) % 3));
        }
        return all;
    }

    @Override
    public boolean quorate() {
        return true;
    }

    @Override
    public SharedMap map(String name) {
        return answers ? maps.computeIfAbsent(name, n -> SharedMap.local(1000, clock)) : SharedMap.NONE;
    }

    @Override
    public SharedMap sealedMap(String name) {
        return map(name);
    }

    @Override
    public Optional<Guarded> guarded(String name) {
        return Optional.of(new Guarded() {
            @Override
            public Optional<String> read() {
                return Optional.ofNullable(guardedValues.get(name));
            }

            /** The siblings of a test cluster are told nothing: the tests using them call sync() themselves. */
            @Override
            public Watch watch(Runnable changed) {
                return () -> { };
            }

            @Override
            public synchronized <T> T withLock(Duration wait, Function<Held, T> work) {
                return work.apply(new Held() {
                    @Override
                    public Optional<String> value() {
                        return read();
                    }

                    @Override
                    public void write(String value) {
                        guardedValues.put(name, value);
                    }
                });
            }
        });
    }
}
