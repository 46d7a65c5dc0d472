package org.teslaexporter.vehicle;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.Locale;

/**
 * Lenient readers for single fields of Tesla's JSON. Whatever cannot be read as the wanted type —
 * missing, {@code null}, {@code "<invalid>"}, {@code ""}, {@code "bad value"}, NaN — is {@code null}.
 */
final class WireValues {

    private WireValues() {
    }

    /** The nested object under {@code key}, or an empty one. */
    static JsonObject object(JsonObject parent, String key) {
        JsonValue v = parent == null ? null : parent.get(key);
        return v instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    static boolean has(JsonObject parent, String key) {
        return parent != null && parent.get(key) instanceof JsonObject;
    }

    /** A finite number of believable size; numeric strings are accepted, anything else is unknown. */
    static Double number(JsonObject o, String key) {
        return number(o.get(key));
    }

    /** A single value read as by {@link #number(JsonObject, String)} (a streamed signal). */
    static Double number(JsonValue v) {
        double d;
        if (v instanceof JsonNumber n) {
            d = n.doubleValue();
        } else if (v instanceof JsonString s) {
            try {
                d = Double.parseDouble(s.getString().strip());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(d) && Math.abs(d) <= MAX_MAGNITUDE ? d : null;
    }

    /**
     * Larger than any real value of a car (time stamps in ms are ~1.8e12, odometers ~1e6): beyond it
     * a number is garbage, unknown rather than a series at 1e308.
     */
    static final double MAX_MAGNITUDE = 1e15;

    /** {@link #number} times a conversion factor (miles → km, kW → W). */
    static Double scaled(JsonObject o, String key, double factor) {
        Double d = number(o, key);
        return d == null || !Double.isFinite(d * factor) ? null : d * factor;
    }

    /** JSON booleans; numbers 0 / non-zero (doors, windows and trunks are sent as integers). */
    static Boolean bool(JsonObject o, String key) {
        return bool(o.get(key));
    }

    /** A single value read as by {@link #bool(JsonObject, String)}. */
    static Boolean bool(JsonValue v) {
        if (v == JsonValue.TRUE) {
            return Boolean.TRUE;
        }
        if (v == JsonValue.FALSE) {
            return Boolean.FALSE;
        }
        if (v instanceof JsonNumber n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d != 0 : null;
        }
        if (v instanceof JsonString s) {
            return switch (s.getString().strip().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    /** A text value, with Tesla's placeholders ({@code "<invalid>"}, {@code ""}) as unknown. */
    static String text(JsonObject o, String key) {
        return text(o.get(key));
    }

    /** A single value read as by {@link #text(JsonObject, String)}. */
    static String text(JsonValue v) {
        if (!(v instanceof JsonString s)) {
            return null;
        }
        String t = s.getString().strip();
        return t.isEmpty() || t.equals("<invalid>") || t.equalsIgnoreCase("null") ? null : t;
    }

    /** The longest car name kept: a label value of every series of the car. */
    static final int MAX_NAME = 64;
    /** Tesla's software versions: {@code 2024.26.7}, with a build hash {@code 2023.44.30.8 06f534d46010}. */
    static final Pattern VERSION = Pattern.compile("\\d{4}\\.\\d{1,3}(\\.\\d{1,4}){0,3}( [0-9A-Fa-f]{4,40})?");

    /**
     * A car's name, as the {@code vehicle_name} label shows it: control characters (a newline would
     * forge a log line) and invisible format characters dropped, at most {@link #MAX_NAME} characters.
     */
    static String name(JsonValue v) {
        String t = text(v);
        if (t == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        t.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .limit(MAX_NAME).forEach(b::appendCodePoint);
        String name = b.toString().strip();
        return name.isEmpty() ? null : name;
    }

    static String name(JsonObject o, String key) {
        return name(o.get(key));
    }

    /** A software version (a label value) when it looks like one of Tesla's, else unknown. */
    static String version(JsonValue v) {
        String t = text(v);
        return t != null && VERSION.matcher(t).matches() ? t : null;
    }

    static String version(JsonObject o, String key) {
        return version(o.get(key));
    }

    /** Earliest and latest believable time stamp of a car: anything outside is unknown, not an overflow. */
    static final long EARLIEST_SECONDS = 946684800L;     // 2000-01-01
    static final long LATEST_SECONDS = 7258118400L;      // 2200-01-01

    /** Epoch milliseconds ({@code *.timestamp}); zero, negatives and absurd values are unknown. */
    static Instant epochMillis(JsonObject o, String key) {
        Double d = number(o, key);
        return d == null || d < EARLIEST_SECONDS * 1000.0 || d > LATEST_SECONDS * 1000.0 ? null : Instant.ofEpochMilli(d.longValue());
    }

    /** Epoch seconds ({@code gps_as_of}, {@code tpms_last_seen_pressure_time_*}); zero, negatives and absurd values are unknown. */
    static Instant epochSeconds(JsonObject o, String key) {
        Double d = number(o, key);
        return d == null || d < EARLIEST_SECONDS || d > LATEST_SECONDS ? null : Instant.ofEpochSecond(d.longValue());
    }
}
