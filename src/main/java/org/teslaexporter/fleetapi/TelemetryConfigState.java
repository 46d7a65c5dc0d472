package org.teslaexporter.fleetapi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/1/vehicles/{vin}/fleet_telemetry_config} says of one car, in our records.
 *
 * @param synced       the car has taken the config Tesla holds for it
 * @param keyPaired    the app's virtual key is on the car (without it the car streams nothing)
 * @param limitReached the car holds as many third-party configs as it accepts
 * @param config       the config Tesla holds for the car and this app, or null
 */
public record TelemetryConfigState(Boolean synced, Boolean keyPaired, Boolean limitReached, Config config) {

    /** The parts of a config the exporter compares with what it wants. */
    public record Config(String hostname, Integer port, String ca, Map<String, Integer> fieldIntervals, Instant expiresAt) {
    }

    /**
     * The answer to {@code POST /api/1/vehicles/fleet_telemetry_config_jws}.
     *
     * @param skipped VINs Tesla did not update, by its reason ({@code missing_key}, {@code unsupported_firmware} …)
     */
    public record Update(int updatedVehicles, Map<String, List<String>> skipped) {
    }
}
