package org.teslaexporter.cluster;

import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.teslaexporter.config.ClusterSettings;
import org.teslaexporter.config.ExporterConfig;

/**
 * Gives every bean the same {@link Cluster}: {@link Cluster#ALONE} unless {@code CLUSTER_*} is set, then
 * Payara Micro's own Hazelcast instance (JNDI {@code payara/Hazelcast}), which the launch script started
 * with {@code docker/hazelcast.xml}.
 */
@ApplicationScoped
public class ClusterProducer {

    private static final Logger LOG = Logger.getLogger(ClusterProducer.class.getName());

    @Inject
    ExporterConfig config;

    private volatile Cluster cluster;

    /**
     * Application scoped, so a bean is given a proxy and the settings are first read when the cluster is
     * first used: a bad setting then reaches the poller's start-up check, which ends the process with
     * exit 78, instead of failing an injection and leaving Payara running without the application.
     */
    @Produces
    @ApplicationScoped
    public Cluster cluster() {
        Cluster c = cluster;
        if (c == null) {
            synchronized (this) {
                if (cluster == null) {
                    cluster = join(config.settings().cluster());
                }
                c = cluster;
            }
        }
        return c;
    }

    /** The cluster over a Hazelcast instance (Payara's; in tests, one of their own). */
    public static Cluster over(HazelcastInstance hazelcast, ClusterSettings settings) {
        return new HazelcastCluster(hazelcast, settings);
    }

    private static Cluster join(ClusterSettings settings) {
        if (!settings.enabled()) {
            return Cluster.ALONE;
        }
        try {
            HazelcastInstance hazelcast = (HazelcastInstance) new InitialContext().lookup("payara/Hazelcast");
            Cluster joined = over(hazelcast, settings);
            LOG.info("Member of a cluster of " + settings.size() + " exporters; members now: " + String.join(", ", joined.members()));
            return joined;
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("CLUSTER_* is set but Payara Micro runs without Hazelcast: start the exporter"
                    + " with docker/run-exporter.sh, which starts Hazelcast with docker/hazelcast.xml", e);
        }
    }
}
