package org.teslaexporter.fleetapi;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tesla's answers about Fleet Telemetry configs, read leniently into {@link TelemetryConfigState}. */
final class TelemetryConfigAnswers {

    private TelemetryConfigAnswers() {
    }

    static TelemetryConfigState state(JsonObject response) {
        TelemetryConfigState.Config config = null;
        if (response.get("config") instanceof JsonObject c) {
            Map<String, Integer> fields = new LinkedHashMap<>();
            if (c.get("fields") instanceof JsonObject f) {
                f.forEach((name, spec) -> {
                    if (spec instanceof JsonObject o && o.get("interval_seconds") instanceof JsonNumber n) {
                        fields.put(name, n.intValue());
                    }
                });
            }
            Long exp = c.get("exp") instanceof JsonNumber n ? n.longValue() : null;
            config = new TelemetryConfigState.Config(text(c, "hostname"),
                    c.get("port") instanceof JsonNumber p ? p.intValue() : null, text(c, "ca"), Map.copyOf(fields),
                    exp == null || exp <= 0 || exp > 7258118400L ? null : Instant.ofEpochSecond(exp));
        }
        return new TelemetryConfigState(bool(response, "synced"), bool(response, "key_paired"), bool(response, "limit_reached"), config);
    }

    static TelemetryConfigState.Update update(JsonObject response) {
        int updated = response.get("updated_vehicles") instanceof JsonNumber n ? n.intValue() : 0;
        Map<String, List<String>> skipped = new LinkedHashMap<>();
        if (response.get("skipped_vehicles") instanceof JsonObject s) {
            s.forEach((reason, vins) -> {
                List<String> list = new ArrayList<>();
                if (vins instanceof jakarta.json.JsonArray a) {
                    a.forEach(v -> {
                        if (v instanceof JsonString vin) {
                            list.add(vin.getString());
                        }
                    });
                }
                if (!list.isEmpty()) {
                    skipped.put(reason, List.copyOf(list));
                }
            });
        }
        return new TelemetryConfigState.Update(updated, Map.copyOf(skipped));
    }

    private static String text(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }

    private static Boolean bool(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v == JsonValue.TRUE ? Boolean.TRUE : v == JsonValue.FALSE ? Boolean.FALSE : null;
    }
}
