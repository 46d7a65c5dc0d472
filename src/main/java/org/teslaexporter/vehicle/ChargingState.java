package org.teslaexporter.vehicle;

import java.util.Locale;

/**
 * The charging state, in Tesla's words ({@code vehicle_data}'s {@code charging_state}, the stream's
 * {@code DetailedChargeState}/{@code ChargeState} without their prefix). The one list of them: a new
 * state of Tesla's is one line here. The label value on {@code /metrics} is Tesla's name, as the
 * earlier exporter published it ({@code tesla_charging_state{state="NoPower"}}).
 */
public enum ChargingState {
    STARTING("Starting"),
    CHARGING("Charging"),
    STOPPED("Stopped"),
    COMPLETE("Complete"),
    DISCONNECTED("Disconnected"),
    /** Plugged in, but the charger gives nothing (a tripped breaker, a schedule of the charger's). */
    NO_POWER("NoPower");

    private final String tesla;

    ChargingState(String tesla) {
        this.tesla = tesla;
    }

    /** Tesla's name, the label value. */
    public String label() {
        return tesla;
    }

    /** Energy flows, or is about to: the car is polled as a charging car. */
    public boolean charging() {
        return this == STARTING || this == CHARGING;
    }

    /** The state Tesla names so (any case), or null when it is none of these (unknown, never guessed). */
    public static ChargingState fromTesla(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (ChargingState s : values()) {
            if (s.tesla.toLowerCase(Locale.ROOT).equals(n)) {
                return s;
            }
        }
        return null;
    }
}
