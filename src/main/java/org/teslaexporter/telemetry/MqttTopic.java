package org.teslaexporter.telemetry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.teslaexporter.vehicle.Vin;

/**
 * A topic of the fleet-telemetry server's MQTT dispatcher, taken apart:
 * {@code <base>/<VIN>/v/<Field>}, {@code <base>/<VIN>/connectivity},
 * {@code <base>/<VIN>/alerts/<name>/current}. Anything else is not ours ({@link #parse} returns null).
 */
record MqttTopic(String vin, Kind kind, String name) {

    enum Kind { FIELD, CONNECTIVITY, ALERT }

    private static final Pattern REST = Pattern.compile(
            "(" + Vin.REGEX + ")/(?:v/([A-Za-z0-9]{1,64})|(connectivity)|alerts/([A-Za-z0-9_]{1,128})/current)");

    /** The subscriptions that receive exactly these topics. */
    static String[] filters(String base) {
        return new String[] {base + "/+/v/+", base + "/+/connectivity", base + "/+/alerts/+/current"};
    }

    static MqttTopic parse(String base, String topic) {
        if (topic == null || topic.length() > 512 || !topic.startsWith(base + "/")) {
            return null;
        }
        Matcher m = REST.matcher(topic.substring(base.length() + 1));
        if (!m.matches()) {
            return null;
        }
        if (m.group(2) != null) {
            return new MqttTopic(m.group(1), Kind.FIELD, m.group(2));
        }
        if (m.group(3) != null) {
            return new MqttTopic(m.group(1), Kind.CONNECTIVITY, null);
        }
        return new MqttTopic(m.group(1), Kind.ALERT, m.group(4));
    }
}
