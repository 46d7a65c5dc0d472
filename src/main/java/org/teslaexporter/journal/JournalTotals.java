package org.teslaexporter.journal;

import java.util.List;
import org.teslaexporter.places.ChargerKind;

/**
 * Sums over every stored session, as the database adds them up: what the journal's counters on
 * {@code /metrics} start from after a restart, and each car's last drive and charge. A sum is null
 * when no session of its group knew that figure (unknown, not 0).
 */
public record JournalTotals(List<DriveSum> drives, List<ChargeSum> charges, List<ParkedSum> parked, List<Drive> lastDrives,
        List<Charge> lastCharges) {

    public JournalTotals {
        drives = List.copyOf(drives);
        charges = List.copyOf(charges);
        parked = List.copyOf(parked);
        lastDrives = List.copyOf(lastDrives);
        lastCharges = List.copyOf(lastCharges);
    }

    /** One car's drives. */
    public record DriveSum(String vin, long count, Double distanceKm, Double energyUsedKwh) {
    }

    /** One car's charges at one place, of one kind of charger, priced in one currency (null: unpriced). */
    public record ChargeSum(String vin, String place, ChargerKind charger, String currency, long count, Double energyAddedKwh,
            Double cost) {
    }

    /**
     * One car's parked periods that knew their state of charge at both ends: how many, and what they lost,
     * in percentage points (a point gained, a reading's rounding, counts as none lost).
     */
    public record ParkedSum(String vin, long count, Double socLostPercent) {
    }
}
