package org.teslaexporter.journal;

import jakarta.enterprise.event.Event;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.polling.FleetState;

/** A started {@link Journal} made as CDI makes it, for tests of other packages; {@link #stop} ends it. */
public final class TestJournals {

    private TestJournals() {
    }

    public static Journal started(ExporterConfig config, FleetState fleet, MetricRegistry registry) {
        return started(config, fleet, registry, null);
    }

    /** The same, telling {@code listener} (may be null) what CDI observers of {@link JournalEvent} are told. */
    public static Journal started(ExporterConfig config, FleetState fleet, MetricRegistry registry, Consumer<JournalEvent> listener) {
        Journal journal = new Journal();
        journal.config = config;
        journal.fleet = fleet;
        journal.registry = registry;
        if (listener != null) {
            journal.events = events(listener);
        }
        journal.start(null);
        return journal;
    }

    /** CDI's {@code Event} as the journal uses it: each fired event to {@code listener}. */
    @SuppressWarnings("unchecked")
    static Event<JournalEvent> events(Consumer<JournalEvent> listener) {
        return (Event<JournalEvent>) Proxy.newProxyInstance(TestJournals.class.getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("fire")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    listener.accept((JournalEvent) args[0]);
                    return null;
                });
    }

    /** The sessions of the simulated commuting day (two drives, one charge at home, parked periods), read every {@code every}. */
    public static java.util.List<Session> commutingDay(java.time.Duration every) throws Exception {
        return SessionDetectorTest.day(SessionDetectorTest.places(), every);
    }

    /** Waits for the journal's first writing (its store open), so its gauges are settled. */
    public static void flush(Journal journal) {
        journal.flush();
    }

    public static void stop(Journal journal) {
        journal.stop();
    }
}
