package org.teslaexporter.vehicle;

import java.util.regex.Pattern;

/**
 * What the exporter takes for a vehicle identification number, wherever one comes from (Tesla's
 * list, a setting, a form, an MQTT topic): 11 to 17 capital letters and digits (17 for every Tesla
 * since 1981's rules; shorter ones appear in Tesla's test data). The one place this is decided.
 */
public final class Vin {

    /** The pattern, for callers that match a VIN inside a larger text (an MQTT topic). */
    public static final String REGEX = "[A-Z0-9]{11,17}";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private Vin() {
    }

    public static boolean valid(String vin) {
        return vin != null && PATTERN.matcher(vin).matches();
    }
}
