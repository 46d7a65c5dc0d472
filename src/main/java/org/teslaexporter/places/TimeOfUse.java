package org.teslaexporter.places;

import java.time.LocalTime;

/**
 * A period of a place's day with a price of its own, in local time: from {@code from} (included)
 * to {@code to} (excluded); {@code to} before {@code from} crosses midnight (23:00–06:00).
 */
public record TimeOfUse(LocalTime from, LocalTime to, double pricePerKwh) {

    /** Whether the local time {@code t} falls in this period. */
    public boolean holds(LocalTime t) {
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }
}
