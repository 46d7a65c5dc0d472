package org.teslaexporter.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A stored {@link Parked} period: one row of {@code journal_parked}. */
@Entity
@Table(name = "journal_parked")
public class ParkedEntry extends SessionEntry {

    String place;
    @Column(name = "start_soc_percent")
    Double startSocPercent;
    @Column(name = "end_soc_percent")
    Double endSocPercent;

    protected ParkedEntry() {
    }

    static ParkedEntry of(Parked p) {
        ParkedEntry e = new ParkedEntry();
        e.session(p);
        e.place = p.place();
        e.startSocPercent = p.startSocPercent();
        e.endSocPercent = p.endSocPercent();
        return e;
    }

    Parked parked() {
        return new Parked(vin, startedAt.toInstant(), endedAt.toInstant(), place, startSocPercent, endSocPercent);
    }
}
