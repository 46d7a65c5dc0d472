package org.teslaexporter.cluster;

import java.util.List;
import java.util.Optional;

/**
 * This exporter's place among its peers. Alone ({@link #ALONE}) it owns every car and account, and
 * keeps nothing shared. In a cluster ({@link HazelcastCluster}) a key (a VIN, an account) is owned by
 * the member that owns its Hazelcast partition, and only while this member sees a majority of the
 * cluster: a member cut off from the others owns nothing, so it neither reads cars nor refreshes.
 */
public interface Cluster {

    /** One exporter on its own. */
    Cluster ALONE = new Cluster() {
        @Override
        public boolean owns(String key) {
            return true;
        }

        @Override
        public long ownership() {
            return 0;
        }

        @Override
        public List<String> members() {
            return List.of();
        }

        @Override
        public List<String> memberIds() {
            return List.of();
        }

        @Override
        public boolean quorate() {
            return true;
        }

        @Override
        public SharedMap map(String name) {
            return SharedMap.NONE;
        }

        @Override
        public SharedMap sealedMap(String name) {
            return SharedMap.NONE;
        }

        @Override
        public Optional<Guarded> guarded(String name) {
            return Optional.empty();
        }
    };

    default boolean clustered() {
        return this != ALONE;
    }

    /** Whether this member reads {@code key} now (a VIN, {@code account:<id>}). Local, no network. */
    boolean owns(String key);

    /**
     * A fingerprint of what this member owns now: it changes when members or partitions move so that
     * {@link #owns} may answer differently. Whoever keeps owned things compares it and reconciles. Local.
     */
    long ownership();

    /** The members this one sees, {@code host:port}, itself first; empty alone. */
    List<String> members();

    /**
     * The members this one sees by the id of their current start (Hazelcast's member UUID), itself first; empty
     * alone. Unlike an address, an id is never a member's again once it stopped: a member started again at the same
     * address (Docker's restart, a StatefulSet's pod) is another member, so what the one before it left half done is
     * known as abandoned.
     */
    List<String> memberIds();

    /** Whether this member sees a majority of the cluster (alone: always). */
    boolean quorate();

    /** A map every member sees ({@code tesla-exporter.<name>}), its entries kept where their keys' partitions are. */
    SharedMap map(String name);

    /** Like {@link #map}, its values sealed with {@code CLUSTER_SECRET} before they leave this member ({@link SealedMap}). */
    SharedMap sealedMap(String name);

    /**
     * Where something kept for a while (the set-up page's sessions, the logins in progress) lives: in a
     * cluster the sealed shared map {@code name}, so that the next request may come to any member; alone a
     * map of this process, at most {@code aloneMax} entries.
     */
    default SharedMap kept(String name, int aloneMax, java.time.Clock clock) {
        return clustered() ? sealedMap(name) : SharedMap.local(aloneMax, clock);
    }

    /** The CP subsystem's lock and value {@code name} (one account's newest token pair); empty alone. */
    Optional<Guarded> guarded(String name);
}
