package org.teslaexporter.billing;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.teslaexporter.config.ExporterConfig;

/** A {@link FleetApiBill} made as CDI makes it, for tests of other packages. */
public final class TestBills {

    private TestBills() {
    }

    public static FleetApiBill bill(ExporterConfig config, MetricRegistry registry) {
        FleetApiBill bill = new FleetApiBill();
        bill.config = config;
        bill.registry = registry;
        bill.init();
        return bill;
    }
}
