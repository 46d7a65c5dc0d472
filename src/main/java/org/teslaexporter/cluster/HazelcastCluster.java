package org.teslaexporter.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.cp.IAtomicReference;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.config.ClusterSettings;
import org.teslaexporter.threads.DaemonThreads;

/**
 * The cluster as Payara Micro's Hazelcast forms it ({@code docker/hazelcast.xml}): ownership is the
 * partition table's (a local lookup), shared state lives in maps named {@code tesla-exporter.*} (one
 * synchronous backup, so a killed member's entries survive on another), and an account's tokens in the
 * CP subsystem. Nothing here is home-made membership or election: Hazelcast decides, this class asks.
 */
final class HazelcastCluster implements Cluster {

    private static final Logger LOG = Logger.getLogger(HazelcastCluster.class.getName());
    /** The longest a shared-map call may take before it counts as failed (a member is cut off, a split). */
    static final Duration CALL = Duration.ofSeconds(5);

    private final HazelcastInstance hazelcast;
    private final int quorum;
    private final Seal seal;
    /**
     * The few Hazelcast calls without an asynchronous form run here, so that the caller's wait stays bounded
     * ({@link #bounded}); among them each car read's claim (a compare-and-set, two per read): four daemon
     * threads, a call that hangs holds one of them until Hazelcast's own timeout.
     */
    private static final java.util.concurrent.ExecutorService BLOCKING = java.util.concurrent.Executors.newFixedThreadPool(4,
            DaemonThreads.named("tesla-exporter-cluster-call"));

    private final Map<String, SharedMap> maps = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where a member outside the CP subsystem looks for a free place in it ({@link #fillCp}): one daemon thread. */
    private static final java.util.concurrent.ScheduledExecutorService CP_PLACE = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(DaemonThreads.named("tesla-exporter-cp-place"));
    /** Who watches which guarded value ({@link Guarded#watch}), told through the topic {@link #CHANGED}. */
    private final Map<String, List<Runnable>> watchers = new java.util.concurrent.ConcurrentHashMap<>();
    /** The topic on which a member that wrote a guarded value names it (the name only: no value ever goes there). */
    static final String CHANGED = "tesla-exporter.tokens-changed";
    private final com.hazelcast.topic.ITopic<String> changedTopic;

    HazelcastCluster(HazelcastInstance hazelcast, ClusterSettings settings) {
        this.hazelcast = hazelcast;
        this.quorum = settings.quorum();
        this.seal = new Seal(settings.secret().reveal());
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed("joined", event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed("left", event.getMember());
            }
        });
        this.changedTopic = hazelcast.getTopic(CHANGED);
        changedTopic.addMessageListener(message -> {
            if (message.getPublishingMember() == null || !message.getPublishingMember().localMember()) {
                watchers.getOrDefault(message.getMessageObject(), List.of()).forEach(HazelcastCluster::tell);
            }
        });
        // Hazelcast lays out its partitions at their first use: before that, no member would own any car
        hazelcast.getPartitionService().getPartition("tesla-exporter").getOwner();
        // Hazelcast tells CP membership events to the CP subsystem's members only: a member outside it looks, every 10 s
        // or as often as Hazelcast removes a missing CP member if that is sooner (no place frees up in between)
        var cpConfig = hazelcast.getConfig().getCPSubsystemConfig();
        long look = Math.max(1, Math.min(10, cpConfig.getMissingCPMemberAutoRemovalSeconds()));
        java.util.concurrent.ScheduledFuture<?> looking = cpConfig.getCPMemberCount() > 0
                ? CP_PLACE.scheduleWithFixedDelay(this::fillCp, look, look, TimeUnit.SECONDS) : null;
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                LOG.info("This member is back with the others after a network split.");
                fillCp();
                // the notices of the values written while it was cut off never reached it (a topic keeps nothing):
                // every value it watches is compared again, at once and once more when the CP subsystem has settled
                tellEveryWatcher();
                CP_PLACE.schedule(this::tellEveryWatcher, 5, TimeUnit.SECONDS);
            } else if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN && looking != null) {
                looking.cancel(false);
            }
        });
    }

    /**
     * A member that is not in the CP subsystem takes a free place in it. Hazelcast gives a restarted member a new
     * identity outside the CP subsystem, and removes the old one once it has been gone long enough; the
     * subsystem then runs on one member fewer, and the next failure would take its majority (and every
     * refresh) away. So a member outside it looks every 10 s, or as often as Hazelcast removes a missing member if
     * that is sooner (one local look for a member inside it), and asks to be promoted whenever the subsystem has
     * fewer than its configured members, and once more after a split has healed. Asynchronous, never waited for;
     * a promotion refused (discovery not done yet, another member promoted meanwhile) is tried again at the next look.
     */
    private void fillCp() {
        int wanted = hazelcast.getConfig().getCPSubsystemConfig().getCPMemberCount();
        if (wanted == 0 || !hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        try {
            var cp = hazelcast.getCPSubsystem();
            var management = cp.getCPSubsystemManagementService();
            if (cp.getLocalCPMember() != null || !management.isDiscoveryCompleted()) {
                return;
            }
            management.getCPMembers().thenCompose(present -> {
                if (present.size() >= wanted) {
                    return java.util.concurrent.CompletableFuture.completedFuture(false);
                }
                LOG.info("The CP subsystem has " + present.size() + " of its " + wanted + " members: this member takes a place in it.");
                return management.promoteToCPMember().thenApply(done -> true);
            }).whenComplete((promoted, failed) -> {
                if (failed != null) {
                    LOG.log(Level.FINE, "This member was not promoted into the CP subsystem now", failed);
                } else if (Boolean.TRUE.equals(promoted)) {
                    LOG.info("This member is in the CP subsystem now.");
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "This member could not ask to be promoted into the CP subsystem now", e);
        }
    }

    private void changed(String what, Member member) {
        LOG.info("Cluster member " + address(member) + " " + what + "; " + hazelcast.getCluster().getMembers().size()
                + " members now" + (quorate() ? "." : ", fewer than " + quorum + ": this member reads no car until the others are back."));
    }

    private static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    @Override
    public boolean owns(String key) {
        if (!quorate()) {
            return false;
        }
        Member owner = hazelcast.getPartitionService().getPartition(key).getOwner();
        return owner != null && owner.localMember();
    }

    /**
     * What this member owns now, as one number: whether it sees a majority, and which of the 271 partitions it
     * owns (local lookups). It changes exactly when {@link #owns} may answer differently for some key.
     */
    @Override
    public long ownership() {
        long owned = quorate() ? 1 : 0;
        for (com.hazelcast.partition.Partition p : hazelcast.getPartitionService().getPartitions()) {
            Member owner = p.getOwner();
            if (owner != null && owner.localMember()) {
                owned = owned * 31 + p.getPartitionId() + 1;
            }
        }
        return owned;
    }

    @Override
    public List<String> memberIds() {
        return itselfFirst(m -> m.getUuid().toString());
    }

    @Override
    public List<String> members() {
        return itselfFirst(HazelcastCluster::address);
    }

    /** Each member this one sees as {@code name} names it, this one first. */
    private List<String> itselfFirst(java.util.function.Function<Member, String> name) {
        List<String> all = new ArrayList<>();
        all.add(name.apply(hazelcast.getCluster().getLocalMember()));
        for (Member m : hazelcast.getCluster().getMembers()) {
            if (!m.localMember()) {
                all.add(name.apply(m));
            }
        }
        return all;
    }

    @Override
    public boolean quorate() {
        return hazelcast.getLifecycleService().isRunning() && hazelcast.getCluster().getMembers().size() >= quorum;
    }

    @Override
    public SharedMap map(String name) {
        return maps.computeIfAbsent(name, n -> new HazelcastMap(hazelcast.getMap("tesla-exporter." + n)));
    }

    @Override
    public SharedMap sealedMap(String name) {
        SharedMap raw = map(name);
        return maps.computeIfAbsent("sealed:" + name, n -> new SealedMap(raw, seal));
    }

    @Override
    public Optional<Guarded> guarded(String name) {
        return Optional.of(new CpGuarded(name));
    }

    /** Every watcher of every guarded value on this member, as if each had been told of a new value. */
    private void tellEveryWatcher() {
        watchers.values().forEach(list -> list.forEach(HazelcastCluster::tell));
    }

    private static void tell(Runnable watcher) {
        try {
            watcher.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A watcher of a guarded value failed", e);
        }
    }

    /**
     * Waits at most {@link #CALL} for {@code call}: what it answers, or a {@link ClusterUnavailableException}
     * (it failed, timed out, or the wait was interrupted).
     */
    static <T> T bounded(String what, Supplier<CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture().get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new ClusterUnavailableException(what + " did not answer: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException(what + ": interrupted", e);
        }
    }

    /** The lock's fence while this thread holds it; {@code INVALID_FENCE} once its session has ended. */
    private static long fenceNow(FencedLock lock) {
        try {
            return lock.getFence();
        } catch (RuntimeException lost) {
            return FencedLock.INVALID_FENCE;
        }
    }

    /** One of the members' maps, every call bounded by {@link #CALL}. */
    private static final class HazelcastMap implements SharedMap {
        private final IMap<String, String> map;

        HazelcastMap(IMap<String, String> map) {
            this.map = map;
        }

        @Override
        public Optional<String> get(String key) {
            return quietly("Reading " + map.getName(), () -> map.getAsync(key));
        }

        @Override
        public boolean put(String key, String value) {
            return quietly("Writing " + map.getName(), () -> map.setAsync(key, value).thenApply(done -> true)).orElse(false);
        }

        @Override
        public boolean put(String key, String value, Duration idle) {
            return quietly("Writing " + map.getName(), () -> map.setAsync(key, value, 0, TimeUnit.SECONDS,
                    Math.max(1, idle.toSeconds()), TimeUnit.SECONDS).thenApply(done -> true)).orElse(false);
        }

        @Override
        public void remove(String key) {
            quietly("Removing from " + map.getName(), () -> map.removeAsync(key));
        }

        @Override
        public Optional<String> take(String key) {
            return quietly("Taking from " + map.getName(), () -> map.removeAsync(key));
        }

        /** Hazelcast's compare-and-set has no asynchronous form: it runs on {@link #BLOCKING}, waited for as long as any call. */
        @Override
        public boolean replace(String key, String expected, String value) {
            return quietly("Replacing in " + map.getName(), () -> java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> expected == null ? map.putIfAbsent(key, value) == null : map.replace(key, expected, value), BLOCKING))
                    .orElse(false);
        }

        /** A bounded call whose failure is only an empty answer (see {@link SharedMap}). */
        private static <T> Optional<T> quietly(String what, Supplier<CompletionStage<T>> call) {
            try {
                return Optional.ofNullable(bounded(what, call));
            } catch (ClusterUnavailableException e) {
                LOG.log(Level.FINE, e.getMessage(), e);
                return Optional.empty();
            }
        }

        @Override
        public Map<String, String> all() {
            try {
                return new HashMap<>(map);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Reading " + map.getName() + " failed", e);
                return Map.of();
            }
        }
    }

    /** An account's lock and newest value in the CP subsystem (Hazelcast's "unsafe mode" with two members). */
    private final class CpGuarded implements Guarded {
        private final String name;

        CpGuarded(String name) {
            this.name = name;
        }

        private IAtomicReference<String> reference() {
            return hazelcast.getCPSubsystem().getAtomicReference("tesla-exporter.tokens." + name);
        }

        @Override
        public Optional<String> read() {
            if (!quorate()) {
                throw new ClusterUnavailableException("fewer than " + quorum + " members", null);
            }
            return Optional.ofNullable(bounded("the CP subsystem", () -> reference().getAsync())).map(seal::open);
        }

        @Override
        public Watch watch(Runnable changed) {
            watchers.computeIfAbsent(name, n -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(changed);
            return () -> watchers.computeIfPresent(name, (n, list) -> {
                list.remove(changed);
                return list.isEmpty() ? null : list;
            });
        }

        @Override
        public <T> T withLock(Duration wait, Function<Held, T> work) {
            if (!quorate()) {
                throw new ClusterUnavailableException("fewer than " + quorum + " members", null);
            }
            FencedLock lock;
            long fence;
            try {
                lock = hazelcast.getCPSubsystem().getLock("tesla-exporter.refresh." + name);
                fence = lock.tryLockAndGetFence(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                throw new ClusterUnavailableException("the refresh lock cannot be had: " + e.getClass().getSimpleName(), e);
            }
            if (fence == FencedLock.INVALID_FENCE) {
                throw new ClusterUnavailableException("another member holds the refresh lock for longer than " + wait.toSeconds() + " s", null);
            }
            try {
                FencedHeld held = new FencedHeld(lock, fence, read());
                T answer = work.apply(held);
                if (held.wrote) {
                    changedTopic.publishAsync(name).exceptionally(e -> {
                        LOG.fine("The other members are not told of the new value of " + name + " (they read it later): " + e);
                        return null;
                    });
                }
                return answer;
            } finally {
                try {
                    lock.unlock();
                } catch (RuntimeException lost) {
                    // the session ended meanwhile: the lock is free again already
                }
            }
        }

        /** The value under one holding of the lock: each write checks the fence first, then waits at most {@link #CALL}. */
        private final class FencedHeld implements Held {
            private final FencedLock lock;
            private final long fence;
            private Optional<String> value;
            private boolean wrote;

            FencedHeld(FencedLock lock, long fence, Optional<String> value) {
                this.lock = lock;
                this.fence = fence;
                this.value = value;
            }

            @Override
            public Optional<String> value() {
                return value;
            }

            @Override
            public void write(String newValue) {
                if (fenceNow(lock) != fence) {
                    throw new ClusterUnavailableException("the refresh lock moved to another holder", null);
                }
                bounded("keeping the new value", () -> reference().setAsync(seal.close(newValue)));
                value = Optional.of(newValue);
                wrote = true;
            }
        }
    }
}
