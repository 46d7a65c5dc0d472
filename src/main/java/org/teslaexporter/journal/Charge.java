package org.teslaexporter.journal;

import java.time.Instant;
import org.teslaexporter.places.ChargerKind;

/**
 * A charge: from the charging state turning to charging to its turning to anything else. Energy from
 * the car's own counter of the session; {@code cost} each part priced by the tariff in force when it
 * came in, null when a part has no price (never a made-up 0).
 */
public record Charge(String vin, Instant startedAt, Instant endedAt, String place, ChargerKind charger,
        Double energyAddedKwh, Double maxPowerKw, Double startSocPercent, Double endSocPercent,
        Double cost, String currency, String note) implements Session {
}
