package org.teslaexporter.journal;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.polling.FleetState;

/** A started {@link Journal} made as CDI makes it, for tests of other packages; {@link #stop} ends it. */
public final class TestJournals {

    private TestJournals() {
    }

    public static Journal started(ExporterConfig config, FleetState fleet, MetricRegistry registry) {
        Journal journal = new Journal();
        journal.config = config;
        journal.fleet = fleet;
        journal.registry = registry;
        journal.start(null);
        return journal;
    }

    /** Waits for the journal's first writing (its store open), so its gauges are settled. */
    public static void flush(Journal journal) {
        journal.flush();
    }

    public static void stop(Journal journal) {
        journal.stop();
    }
}
