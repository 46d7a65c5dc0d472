package org.teslaexporter.billing;

import java.util.Locale;
import org.teslaexporter.config.Prices;

/** Tesla's price categories for the requests this exporter makes. */
public enum BillingCategory {
    /** Device data: {@code vehicle_data} (and, if Tesla bills them, vehicle list/state reads). */
    DATA,
    /** {@code wake_up}. */
    WAKE,
    /** One Fleet Telemetry signal streamed by a car. */
    SIGNAL;

    /** The configured price of one request of this category, USD. */
    public double price(Prices prices) {
        return switch (this) {
            case DATA -> prices.data();
            case WAKE -> prices.wake();
            case SIGNAL -> prices.signal();
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
