package org.teslaexporter.billing;

import java.util.Locale;

/** Tesla's price categories for the requests this exporter makes. */
public enum BillingCategory {
    /** Device data: {@code vehicle_data} (and, if Tesla bills them, vehicle list/state reads). */
    DATA,
    /** {@code wake_up}. */
    WAKE,
    /** Vehicle commands (the exporter sends none today). */
    COMMAND;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
