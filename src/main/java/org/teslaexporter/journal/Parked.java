package org.teslaexporter.journal;

import java.time.Instant;

/** Parked between drives and charges: the state of charge lost meanwhile (the vampire drain), when known. */
public record Parked(String vin, Instant startedAt, Instant endedAt, String place, Double startSocPercent,
        Double endSocPercent) implements Session {

    /** Percentage points lost while parked (negative if it rose, e.g. by a reading's rounding). */
    public Double socLost() {
        return startSocPercent == null || endSocPercent == null ? null : startSocPercent - endSocPercent;
    }
}
