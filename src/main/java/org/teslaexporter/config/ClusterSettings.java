package org.teslaexporter.config;

import java.util.List;

/**
 * A cluster of exporters on Payara Micro's Hazelcast ({@code CLUSTER_*}, docs/cluster.md), or none.
 * Payara forms the cluster before the application runs ({@code docker/run-exporter.sh} judges these
 * settings first and starts Hazelcast with them); the application reads them to know that it is one of
 * several members, how many there should be, and the secret its shared tokens are sealed with.
 *
 * @param members    every member's {@code host:port} ({@code CLUSTER_MEMBERS}); empty with Kubernetes discovery or alone
 * @param kubernetes the members' headless service ({@code CLUSTER_KUBERNETES_SERVICE}), or null
 * @param size       how many members the cluster has when whole: the listed ones, or {@code CLUSTER_SIZE}
 * @param secret     {@code CLUSTER_SECRET}, shared by every member
 */
public record ClusterSettings(List<String> members, String kubernetes, int size, Secret secret) {

    public static final ClusterSettings ALONE = new ClusterSettings(List.of(), null, 1, new Secret(null));

    public ClusterSettings {
        members = List.copyOf(members);
    }

    public boolean enabled() {
        return size > 1 || kubernetes != null;
    }

    /**
     * How many members a side of a split must see to go on reading cars: a majority of {@link #size},
     * so a member cut off from the others stops. Two members cannot tell a dead partner from a cut cable:
     * each goes on alone (docs/cluster.md: why three).
     */
    public int quorum() {
        return size <= 2 ? 1 : size / 2 + 1;
    }
}
