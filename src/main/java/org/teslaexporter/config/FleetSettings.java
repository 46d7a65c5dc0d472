package org.teslaexporter.config;

import java.net.URI;
import java.util.List;

/**
 * Which Fleet API, and which of the account's cars (each component of its own type: no two can be swapped).
 *
 * @param apiBase      {@code TESLA_API_BASE}, the region's Fleet API (the demo's own in demo mode)
 * @param vins         {@code TESLA_VINS}: the cars to monitor; empty = see {@code vehicleIndex}
 * @param vehicleIndex {@code TESLA_VEHICLE_INDEX}: a position in the account's vehicle list; null = all
 * @param wakeOnPoll   {@code WAKE_ON_POLL}: wake a sleeping car to read it (costs money, drains the battery)
 */
public record FleetSettings(URI apiBase, List<String> vins, Integer vehicleIndex, boolean wakeOnPoll) {

    public FleetSettings {
        vins = List.copyOf(vins);
    }
}
