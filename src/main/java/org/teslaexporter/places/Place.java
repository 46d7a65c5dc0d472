package org.teslaexporter.places;

import java.util.List;

/**
 * One of the owner's places: a circle on the map ({@code radiusM} metres around the position) with a
 * price per kWh (null: not priced) and time-of-use periods that override it.
 */
public record Place(String name, double latitude, double longitude, double radiusM, Double pricePerKwh,
        List<TimeOfUse> timeOfUse) {

    /** The name of every position outside the owner's places (and of every position without a places file). */
    public static final String OTHER = "other";

    public Place {
        timeOfUse = List.copyOf(timeOfUse);
    }
}
