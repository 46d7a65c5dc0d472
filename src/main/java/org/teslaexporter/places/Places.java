package org.teslaexporter.places;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The owner's places and prices, from {@code PLACES_FILE} ({@link PlacesFile}); {@link #NONE} without
 * one: every position is {@link Place#OTHER} and nothing has a price (costs are unknown, never 0).
 */
public record Places(String currency, ZoneId timeZone, List<Place> places, Map<ChargerKind, Double> chargerPrices) {

    public static final Places NONE = new Places(null, ZoneId.of("UTC"), List.of(), Map.of());

    /** Mean radius of the Earth in metres (IUGG), for the great-circle distance. */
    static final double EARTH_RADIUS_M = 6_371_008.8;

    public Places {
        places = List.copyOf(places);
        chargerPrices = chargerPrices.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(chargerPrices));
    }

    /** The place at this position: the nearest whose radius holds it; empty elsewhere or where the position is unknown. */
    public Optional<Place> at(Double latitude, Double longitude) {
        if (latitude == null || longitude == null) {
            return Optional.empty();
        }
        Place nearest = null;
        double best = Double.MAX_VALUE;
        for (Place p : places) {
            double d = distanceM(latitude, longitude, p.latitude(), p.longitude());
            if (d <= p.radiusM() && d < best) {
                best = d;
                nearest = p;
            }
        }
        return Optional.ofNullable(nearest);
    }

    /** The name of the place at this position, or {@link Place#OTHER}. */
    public String nameAt(Double latitude, Double longitude) {
        return at(latitude, longitude).map(Place::name).orElse(Place.OTHER);
    }

    /**
     * The price of a kWh that comes in at {@code at}: at one of the places its time-of-use period's or its own;
     * elsewhere the charger kind's. Null when the file gives none (the cost is then unknown).
     */
    public Double pricePerKwh(Optional<Place> place, ChargerKind charger, Instant at) {
        if (place.isPresent()) {
            LocalTime local = at.atZone(timeZone).toLocalTime();
            for (TimeOfUse period : place.get().timeOfUse()) {
                if (period.holds(local)) {
                    return period.pricePerKwh();
                }
            }
            return place.get().pricePerKwh();
        }
        return chargerPrices.get(charger);
    }

    /**
     * What {@code kwh} that came in between {@code from} and {@code to} cost, each part at the price in
     * force when it came in: the time between two readings is split where a time-of-use period starts or
     * ends (local time, so a daylight-saving change moves the instants), and the energy is spread evenly
     * over it (constant power between two readings). Null when a part has no price.
     */
    public Double cost(Optional<Place> place, ChargerKind charger, Instant from, Instant to, double kwh) {
        if (!to.isAfter(from)) {
            Double price = pricePerKwh(place, charger, to);
            return price == null ? null : price * kwh;
        }
        List<LocalTime> boundaries = place.map(p -> p.timeOfUse().stream()
                .flatMap(t -> Stream.of(t.from(), t.to())).distinct().toList()).orElse(List.of());
        double total = to.toEpochMilli() - from.toEpochMilli();
        double cost = 0;
        Instant start = from;
        while (start.isBefore(to)) {
            Instant end = nextBoundary(boundaries, start, to);
            Double price = pricePerKwh(place, charger, start);
            if (price == null) {
                return null;
            }
            cost += price * kwh * ((end.toEpochMilli() - start.toEpochMilli()) / total);
            start = end;
        }
        return cost;
    }

    /** The first instant after {@code after} where a period starts or ends, or {@code limit} if none comes before it. */
    private Instant nextBoundary(List<LocalTime> boundaries, Instant after, Instant limit) {
        Instant next = limit;
        LocalDate day = after.atZone(timeZone).toLocalDate().minusDays(1);
        LocalDate last = limit.atZone(timeZone).toLocalDate().plusDays(1);
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            for (LocalTime b : boundaries) {
                Instant at = ZonedDateTime.of(day, b, timeZone).toInstant();
                if (at.isAfter(after) && at.isBefore(next)) {
                    next = at;
                }
            }
        }
        return next;
    }

    /** Great-circle distance in metres (haversine). */
    static double distanceM(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
