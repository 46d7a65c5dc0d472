package org.teslaexporter.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A stored {@link Parked} period: one row of {@code journal_parked}. */
@Entity
@Table(name = "journal_parked")
public class ParkedEntry {

    @Id
    @SequenceGenerator(name = "journal_id", sequenceName = "journal_id", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "journal_id")
    Long id;
    String vin;
    @Column(name = "started_at")
    OffsetDateTime startedAt;
    @Column(name = "ended_at")
    OffsetDateTime endedAt;
    String place;
    @Column(name = "start_soc_percent")
    Double startSocPercent;
    @Column(name = "end_soc_percent")
    Double endSocPercent;

    protected ParkedEntry() {
    }

    static ParkedEntry of(Parked p) {
        ParkedEntry e = new ParkedEntry();
        e.vin = p.vin();
        e.startedAt = Times.utc(p.startedAt());
        e.endedAt = Times.utc(p.endedAt());
        e.place = p.place();
        e.startSocPercent = p.startSocPercent();
        e.endSocPercent = p.endSocPercent();
        return e;
    }

    Parked parked() {
        return new Parked(vin, startedAt.toInstant(), endedAt.toInstant(), place, startSocPercent, endSocPercent);
    }
}
