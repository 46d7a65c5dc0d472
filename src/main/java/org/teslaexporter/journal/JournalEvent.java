package org.teslaexporter.journal;

import java.util.List;

/**
 * What the journal tells the rest of the exporter (a CDI event, in the journal's writer thread):
 * first the {@link Counted sums} of what the database holds, once it can be read, then each batch of
 * sessions {@link Stored stored} after that — so sums plus batches are always what the database holds,
 * each session counted once.
 */
public sealed interface JournalEvent {

    /** What the database held when the journal could first read it. */
    record Counted(JournalTotals totals) implements JournalEvent {
    }

    /** Sessions newly stored (a session stored before, replayed after a crash, is not among them). */
    record Stored(List<Session> sessions) implements JournalEvent {
        public Stored {
            sessions = List.copyOf(sessions);
        }
    }
}
