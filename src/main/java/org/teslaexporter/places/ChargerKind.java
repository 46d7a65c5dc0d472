package org.teslaexporter.places;

import java.util.Locale;

/**
 * What a charge away from the owner's places is priced by: Tesla's Supercharger, another DC fast
 * charger, or AC. ({@code charger} on {@code /metrics} is {@link #current()}: {@code ac} or {@code dc}.)
 */
public enum ChargerKind {
    SUPERCHARGER, DC, AC;

    /** The name in the places file ({@code price_per_kwh.supercharger}, …). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code ac} or {@code dc}: the label of the charge counters. */
    public String current() {
        return this == AC ? "ac" : "dc";
    }
}
