package org.teslaexporter.telemetry;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.polling.FleetState;

/** A started {@link TelemetrySubscriber} made as CDI makes it, for tests of other packages; {@link #stop} ends it. */
public final class TestSubscribers {

    private TestSubscribers() {
    }

    public static TelemetrySubscriber started(ExporterConfig config, FleetState fleet, FleetApiBill bill, MetricRegistry registry) {
        TelemetrySubscriber subscriber = new TelemetrySubscriber();
        subscriber.config = config;
        subscriber.fleet = fleet;
        subscriber.bill = bill;
        subscriber.cluster = org.teslaexporter.cluster.Cluster.ALONE;
        subscriber.registry = registry;
        subscriber.start(null);
        return subscriber;
    }

    public static void stop(TelemetrySubscriber subscriber) {
        subscriber.stop();
    }
}
