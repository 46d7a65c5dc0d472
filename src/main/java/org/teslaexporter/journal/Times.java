package org.teslaexporter.journal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The journal's columns: instants as UTC timestamps, notes cut to their column. */
final class Times {

    static final int MAX_NOTE = 500;

    private Times() {
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    static String note(String note) {
        return note == null || note.length() <= MAX_NOTE ? note : note.substring(0, MAX_NOTE - 1) + "…";
    }
}
