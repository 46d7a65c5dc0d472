package org.teslaexporter.journal;

import java.time.Instant;

/** A finished drive, charge or parked period of one car. */
public sealed interface Session permits Drive, Charge, Parked {

    String vin();

    Instant startedAt();

    Instant endedAt();
}
