package org.teslaexporter.journal;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.SequenceGenerator;
import java.time.OffsetDateTime;

/** What every stored session has: its row id (from the one sequence), the car, and when it started and ended. */
@MappedSuperclass
public abstract class SessionEntry {

    @Id
    @SequenceGenerator(name = "journal_id", sequenceName = "journal_id", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "journal_id")
    Long id;
    String vin;
    @Column(name = "started_at")
    OffsetDateTime startedAt;
    @Column(name = "ended_at")
    OffsetDateTime endedAt;

    protected SessionEntry() {
    }

    /** Sets the columns every session has. */
    final void session(Session s) {
        vin = s.vin();
        startedAt = Times.utc(s.startedAt());
        endedAt = Times.utc(s.endedAt());
    }
}
