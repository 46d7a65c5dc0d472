package org.teslaexporter.metrics;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A query {@code /metrics} accepts: those MicroProfile Metrics 5 knows, {@code scope}
 * ({@code application}, {@code base} or {@code vendor}) and, with a scope, {@code name} (a metric
 * name), each at most once. Everything else is refused (400), so a client cannot make the exporter
 * render and keep a page per random query string. An accepted one has one spelling ({@link #text()}:
 * {@code scope=application&name=tesla_x}), so parameters in another order share one copy.
 *
 * @param scope the registry, or null for the whole page
 * @param name  one metric of that scope, or null for all of them
 */
public record MetricsQuery(String scope, String name) {

    /** The whole page: no query. */
    public static final MetricsQuery ALL = new MetricsQuery(null, null);

    static final Set<String> SCOPES = Set.of("application", "base", "vendor");
    static final Pattern NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:.]{0,127}");
    /** What the 400 answer says. */
    static final String ACCEPTED = "accepted: no query, ?scope=application|base|vendor, or ?scope=…&name=<metric name>";

    /** The query of a raw query string, or empty when it is not one MicroProfile Metrics knows. */
    public static Optional<MetricsQuery> parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.of(ALL);
        }
        if (raw.length() > 256) {
            return Optional.empty();
        }
        String scope = null;
        String name = null;
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            String key = pair.substring(0, eq);
            String value;
            try {
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
            if (key.equals("scope") && scope == null && SCOPES.contains(value)) {
                scope = value;
            } else if (key.equals("name") && name == null && NAME.matcher(value).matches()) {
                name = value;
            } else {
                return Optional.empty();
            }
        }
        if (scope == null) {
            return Optional.empty();      // a name alone, or nothing usable
        }
        return Optional.of(new MetricsQuery(scope, name));
    }

    /** The one spelling: "" for the whole page, {@code scope=…}, or {@code scope=…&name=…}. */
    public String text() {
        return scope == null ? "" : "scope=" + scope + (name == null ? "" : "&name=" + name);
    }
}
