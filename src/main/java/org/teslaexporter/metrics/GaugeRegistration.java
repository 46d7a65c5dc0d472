package org.teslaexporter.metrics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Registers the cars' gauges in MicroProfile Metrics at a cost that does not grow with the fleet. Payara's
 * {@code MetricRegistry.gauge} checks a new series' tag names against every series of its name, twice: a car's
 * hundred gauges among a thousand cars' pass over a hundred thousand ids, and a cluster member taking over 500 cars
 * spent minutes of CPU there (the cluster benchmark, CONTRIBUTING). Payara's registry also has a public
 * {@code register(Metadata, type, metric, tags)} without that check; the cars' tag names are fixed per family
 * ({@link MetricFamily}), so the check could never fail for them. Anywhere that method is missing, the standard
 * {@code gauge}.
 */
final class GaugeRegistration {

    private static final Logger LOG = Logger.getLogger(GaugeRegistration.class.getName());

    private final MetricRegistry registry;
    /** Payara's {@code register(Metadata, String, Metric, Tag[])}; null: the standard path only. */
    private final MethodHandle direct;

    GaugeRegistration(MetricRegistry registry) {
        this.registry = registry;
        MethodHandle found = null;
        try {
            found = MethodHandles.publicLookup().unreflect(
                    registry.getClass().getMethod("register", Metadata.class, String.class, Metric.class, Tag[].class));
        } catch (NoSuchMethodException | IllegalAccessException | RuntimeException absent) {
            LOG.log(Level.FINE, "The metric registry has no direct registration; the cars' gauges use gauge()", absent);
        }
        direct = found;
    }

    /** Whether registrations skip the registry's pass over the family (for the tests). */
    boolean direct() {
        return direct != null;
    }

    <T extends Number, G extends Gauge<T> & java.util.function.Supplier<T>> void gauge(Metadata metadata, G gauge, Tag... tags) {
        if (direct != null) {
            try {
                direct.invoke(registry, metadata, Gauge.class.getName(), gauge, tags);
                return;
            } catch (Throwable refused) {       // a changed implementation: the standard path from now on is safe too
                LOG.log(Level.FINE, "Direct registration failed; gauge() instead", refused);
            }
        }
        registry.gauge(metadata, (java.util.function.Supplier<T>) gauge, tags);
    }
}
