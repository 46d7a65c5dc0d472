package org.teslaexporter.vehicle;

import java.util.Locale;

/**
 * The gear (Tesla's shift state: {@code vehicle_data}'s {@code shift_state}, the stream's
 * {@code Gear} as {@code ShiftState<X>}). The one list of them; the label value on {@code /metrics}
 * is the letter ({@code tesla_shift_state{state="D"}}). A car that names no gear and stands still is
 * in {@link #P}: how the translators read it, as TeslaMate does.
 */
public enum Gear {
    P, D, R, N;

    public String label() {
        return name();
    }

    /** In a gear that moves the car: a drive, for the poller (TeslaMate: a drive ends in P). */
    public boolean driving() {
        return this != P;
    }

    /** The gear Tesla names so (any case), or null when it is none of these. */
    public static Gear fromTesla(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "P" -> P;
            case "D" -> D;
            case "R" -> R;
            case "N" -> N;
            default -> null;
        };
    }
}
