package org.teslaexporter.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One car's {@link SessionDetector.State} as JSON: one row of {@code journal_open_session}, replaced as it goes. */
@Entity
@Table(name = "journal_open_session")
public class OpenSessionEntry {

    @Id
    String vin;
    String state;
    @Column(name = "updated_at")
    OffsetDateTime updatedAt;

    protected OpenSessionEntry() {
    }

    OpenSessionEntry(String vin, String state, OffsetDateTime updatedAt) {
        this.vin = vin;
        this.state = state;
        this.updatedAt = updatedAt;
    }
}
