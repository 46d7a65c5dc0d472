package org.teslaexporter.stack;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The Grafana dashboard file, read as the tests need it: the whole of it, a variable, the vehicle selector's regex. */
public final class DashboardFile {

    public static final Path PATH = Path.of("grafana/dashboards/tesla-overview.json");
    /** The journal's dashboard: drives, charges and what they cost. */
    public static final Path TRIPS = Path.of("grafana/dashboards/tesla-trips.json");
    /** Every dashboard the stack provisions. */
    public static final java.util.List<Path> ALL = java.util.List.of(PATH, TRIPS);

    private DashboardFile() {
    }

    public static JsonObject read() throws IOException {
        return read(PATH);
    }

    public static JsonObject read(Path dashboard) throws IOException {
        try (var reader = Json.createReader(new StringReader(Files.readString(dashboard)))) {
            return reader.readObject();
        }
    }

    /** The dashboard variable called {@code name}. */
    public static JsonObject variable(JsonObject dashboard, String name) {
        return dashboard.getJsonObject("templating").getJsonArray("list").stream().map(JsonValue::asJsonObject)
                .filter(v -> v.getString("name").equals(name)).findFirst().orElseThrow();
    }

    /** A variable's regex, from Grafana's {@code /…/} form to Java's (the same syntax for the named groups it uses). */
    public static Pattern regex(JsonObject variable) {
        String js = variable.getString("regex");
        if (!js.startsWith("/") || !js.endsWith("/") || js.length() < 2) {
            throw new IllegalArgumentException("not a /regex/: " + js);
        }
        return Pattern.compile(js.substring(1, js.length() - 1));
    }
}
