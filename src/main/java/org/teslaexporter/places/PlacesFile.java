package org.teslaexporter.places;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.teslaexporter.http.OneLine;

/**
 * Reads {@code PLACES_FILE} (README, "Places and prices"):
 * <pre>{"currency": "EUR", "time_zone": "Europe/Berlin",
 *  "places": [{"name": "home", "latitude": 52.52, "longitude": 13.405, "radius_m": 120, "price_per_kwh": 0.32,
 *              "time_of_use": [{"from": "23:00", "to": "06:00", "price_per_kwh": 0.19}]}],
 *  "price_per_kwh": {"supercharger": 0.52, "dc": 0.59, "ac": 0.39}}</pre>
 * Everything is checked before anything is used: an unknown field (a typo), a value out of range, two
 * places of one name, overlapping periods — each problem is named by its field, all at once.
 */
public final class PlacesFile {

    /** A places file is a few hundred bytes a place; anything far larger is not one. */
    public static final int MAX_BYTES = 256 * 1024;
    static final int MAX_PLACES = 100;
    static final Set<String> TOP = Set.of("currency", "time_zone", "places", "price_per_kwh");
    static final Set<String> PLACE = Set.of("name", "latitude", "longitude", "radius_m", "price_per_kwh", "time_of_use");
    static final Set<String> PERIOD = Set.of("from", "to", "price_per_kwh");

    private final List<String> problems = new ArrayList<>();

    private PlacesFile() {
    }

    /** The places of the file's text. */
    public static Places parse(String text) throws PlacesFileException {
        return new PlacesFile().read(text);
    }

    private Places read(String text) throws PlacesFileException {
        JsonObject root;
        try (var reader = Json.createReader(new StringReader(text))) {
            root = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new PlacesFileException(List.of("is not a JSON object: " + OneLine.of(e.getMessage(), 80)));
        }
        unknown(root, TOP, "");
        String currency = string(root, "currency", "currency");
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            problems.add("currency must be a three-letter code such as EUR or USD, not \"" + currency + "\"");
        }
        ZoneId zone = ZoneId.of("UTC");
        String zoneName = string(root, "time_zone", "time_zone");
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                problems.add("time_zone \"" + zoneName + "\" is not a time zone (e.g. Europe/Berlin, America/New_York)");
            }
        }
        List<Place> places = new ArrayList<>();
        JsonValue list = root.get("places");
        if (list != null && !(list instanceof JsonArray)) {
            problems.add("places must be a list");
        } else if (list != null) {
            JsonArray array = (JsonArray) list;
            if (array.size() > MAX_PLACES) {
                problems.add("places holds " + array.size() + " places; at most " + MAX_PLACES);
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < Math.min(array.size(), MAX_PLACES); i++) {
                Place p = place(array.get(i), "places[" + i + "]");
                if (p != null && !names.add(p.name())) {
                    problems.add("places[" + i + "].name \"" + p.name() + "\" is the name of an earlier place");
                } else if (p != null) {
                    places.add(p);
                }
            }
        }
        Map<ChargerKind, Double> chargers = new EnumMap<>(ChargerKind.class);
        JsonValue prices = root.get("price_per_kwh");
        if (prices instanceof JsonObject o) {
            Set<String> keys = new HashSet<>();
            for (ChargerKind k : ChargerKind.values()) {
                keys.add(k.key());
                Double price = price(o, k.key(), "price_per_kwh." + k.key());
                if (price != null) {
                    chargers.put(k, price);
                }
            }
            unknown(o, keys, "price_per_kwh.");
        } else if (prices != null) {
            problems.add("price_per_kwh must be an object of supercharger, dc and ac prices");
        }
        boolean priced = !chargers.isEmpty() || places.stream().anyMatch(p -> p.pricePerKwh() != null || !p.timeOfUse().isEmpty());
        if (priced && currency == null) {
            problems.add("currency is missing: the prices need one (e.g. \"currency\": \"EUR\")");
        }
        if (!problems.isEmpty()) {
            throw new PlacesFileException(problems);
        }
        return new Places(currency, zone, places, chargers);
    }

    private Place place(JsonValue value, String at) {
        if (!(value instanceof JsonObject o)) {
            problems.add(at + " must be an object");
            return null;
        }
        unknown(o, PLACE, at + ".");
        String name = string(o, "name", at + ".name");
        if (name == null) {
            problems.add(at + ".name is missing");
        } else if (!name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            problems.add(at + ".name \"" + name + "\" must be 1 to 32 lower-case letters, digits, _ or - (it is a label on /metrics)");
        } else if (name.equals(Place.OTHER)) {
            problems.add(at + ".name \"other\" is the name of everywhere else");
        }
        Double lat = number(o, "latitude", at + ".latitude", -90, 90, true);
        Double lon = number(o, "longitude", at + ".longitude", -180, 180, true);
        Double radius = number(o, "radius_m", at + ".radius_m", 1, 100_000, true);
        Double price = price(o, "price_per_kwh", at + ".price_per_kwh");
        List<TimeOfUse> periods = new ArrayList<>();
        JsonValue tou = o.get("time_of_use");
        if (tou instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                TimeOfUse t = period(a.get(i), at + ".time_of_use[" + i + "]");
                if (t != null) {
                    for (TimeOfUse earlier : periods) {
                        if (overlap(earlier, t)) {
                            problems.add(at + ".time_of_use[" + i + "] overlaps an earlier period (" + earlier.from() + "-" + earlier.to() + ")");
                        }
                    }
                    periods.add(t);
                }
            }
        } else if (tou != null) {
            problems.add(at + ".time_of_use must be a list");
        }
        if (!periods.isEmpty() && price == null) {
            problems.add(at + ".price_per_kwh is missing: the hours outside time_of_use need a price");
        }
        if (name == null || lat == null || lon == null || radius == null) {
            return null;
        }
        return new Place(name, lat, lon, radius, price, periods);
    }

    private TimeOfUse period(JsonValue value, String at) {
        if (!(value instanceof JsonObject o)) {
            problems.add(at + " must be an object");
            return null;
        }
        unknown(o, PERIOD, at + ".");
        LocalTime from = time(o, "from", at + ".from");
        LocalTime to = time(o, "to", at + ".to");
        Double price = price(o, "price_per_kwh", at + ".price_per_kwh");
        if (price == null && !o.containsKey("price_per_kwh")) {
            problems.add(at + ".price_per_kwh is missing");
        }
        if (from != null && to != null && from.equals(to)) {
            problems.add(at + " starts and ends at " + from + ": a period of no time (or all day: use the place's price)");
            return null;
        }
        return from == null || to == null || price == null ? null : new TimeOfUse(from, to, price);
    }

    /** Whether two periods share a minute of the day. */
    static boolean overlap(TimeOfUse a, TimeOfUse b) {
        for (int minute = 0; minute < 24 * 60; minute++) {
            LocalTime t = LocalTime.of(minute / 60, minute % 60);
            if (a.holds(t) && b.holds(t)) {
                return true;
            }
        }
        return false;
    }

    private LocalTime time(JsonObject o, String key, String at) {
        String text = string(o, key, at);
        if (text == null) {
            if (!o.containsKey(key)) {
                problems.add(at + " is missing");
            }
            return null;
        }
        try {
            if (!text.matches("[0-2][0-9]:[0-5][0-9]")) {
                throw new DateTimeParseException("not HH:MM", text, 0);
            }
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(at + " \"" + text + "\" must be a time of day as HH:MM (00:00 to 23:59)");
            return null;
        }
    }

    private Double price(JsonObject o, String key, String at) {
        return number(o, key, at, 0, 100, false);
    }

    private Double number(JsonObject o, String key, String at, double min, double max, boolean required) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            if (required) {
                problems.add(at + " is missing");
            }
            return null;
        }
        if (!(v instanceof JsonNumber n)) {
            problems.add(at + " must be a number");
            return null;
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d < min || d > max) {
            problems.add(at + " is " + n + "; it must lie between " + strip(min) + " and " + strip(max));
            return null;
        }
        return d;
    }

    private String string(JsonObject o, String key, String at) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            problems.add(at + " must be a string");
            return null;
        }
        return s.getString().strip();
    }

    private void unknown(JsonObject o, Set<String> known, String prefix) {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                problems.add(prefix + OneLine.of(key, 80) + " is not a field of the places file (known here: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String strip(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
