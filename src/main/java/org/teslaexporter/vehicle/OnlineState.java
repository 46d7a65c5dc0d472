package org.teslaexporter.vehicle;

import java.util.Locale;

/** The vehicle's connectivity as the vehicle list reports it. */
public enum OnlineState {
    ONLINE, ASLEEP, OFFLINE, UNKNOWN;

    /** Label value on /metrics: {@code online}, {@code asleep}, {@code offline}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Tesla's {@code state} string; anything unexpected is {@link #UNKNOWN}. */
    public static OnlineState fromWire(String state) {
        if (state == null) {
            return UNKNOWN;
        }
        return switch (state.strip().toLowerCase(Locale.ROOT)) {
            case "online" -> ONLINE;
            case "asleep" -> ASLEEP;
            case "offline" -> OFFLINE;
            default -> UNKNOWN;
        };
    }
}
