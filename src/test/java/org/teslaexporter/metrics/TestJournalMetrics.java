package org.teslaexporter.metrics;

import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.teslaexporter.journal.JournalEvent;

/**
 * The journal's series in Payara's own registry, rendered by Payara's own writer as {@code /metrics}
 * shows them, for tests of other packages. {@link #close} ends it.
 */
public final class TestJournalMetrics implements AutoCloseable {

    private final URLClassLoader payara;
    private final Object context;
    private final JournalMetrics metrics = new JournalMetrics();

    private TestJournalMetrics() throws Throwable {
        payara = MetricsPageTest.payaraMetrics();
        context = MetricsPageTest.context(payara);
        metrics.registry = MetricsPageTest.registry(context, MetricRegistry.APPLICATION_SCOPE);
    }

    public static TestJournalMetrics open() throws Throwable {
        return new TestJournalMetrics();
    }

    /** What the CDI observers are told. */
    public void accept(JournalEvent event) {
        tell(metrics, event);
    }

    /** {@code event} to the observer method CDI would call on {@code metrics}. */
    static void tell(JournalMetrics metrics, JournalEvent event) {
        if (event instanceof JournalEvent.Counted c) {
            metrics.onCounted(c);
        } else {
            metrics.onStored((JournalEvent.Stored) event);
        }
    }

    /** {@code /metrics?scope=application} as Payara writes it. */
    public String page() throws Exception {
        PayaraMetricsWriter writer = new PayaraMetricsWriter(payara, () -> { }, () -> Set.of(MetricsPageTest.APP), n -> context, null);
        return new String(writer.render(new MetricsQuery(MetricRegistry.APPLICATION_SCOPE, null), 1).body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        payara.close();
    }
}
