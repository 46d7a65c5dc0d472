package org.teslaexporter.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.teslaexporter.places.ChargerKind;

/** A stored {@link Charge}: one row of {@code journal_charge}; {@code charger} is the kind's file name (ac, dc, supercharger). */
@Entity
@Table(name = "journal_charge")
public class ChargeEntry extends SessionEntry {

    String place;
    String charger;
    @Column(name = "energy_added_kwh")
    Double energyAddedKwh;
    @Column(name = "max_power_kw")
    Double maxPowerKw;
    @Column(name = "start_soc_percent")
    Double startSocPercent;
    @Column(name = "end_soc_percent")
    Double endSocPercent;
    Double cost;
    String currency;
    String note;

    protected ChargeEntry() {
    }

    static ChargeEntry of(Charge c) {
        ChargeEntry e = new ChargeEntry();
        e.session(c);
        e.place = c.place();
        e.charger = c.charger().key();
        e.energyAddedKwh = c.energyAddedKwh();
        e.maxPowerKw = c.maxPowerKw();
        e.startSocPercent = c.startSocPercent();
        e.endSocPercent = c.endSocPercent();
        e.cost = c.cost();
        e.currency = c.currency();
        e.note = Times.note(c.note());
        return e;
    }

    Charge charge() {
        return new Charge(vin, startedAt.toInstant(), endedAt.toInstant(), place, kind(charger), energyAddedKwh, maxPowerKw,
                startSocPercent, endSocPercent, cost, currency, note);
    }

    /** The kind a stored {@code charger} names. */
    static ChargerKind kind(String charger) {
        return ChargerKind.valueOf(charger.toUpperCase(java.util.Locale.ROOT));
    }
}
