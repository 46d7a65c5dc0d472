package org.teslaexporter.vehicle;

/**
 * Values only the stream has, in our units; null = unknown (never sent, or not a number). Set one
 * at a time by the stream translator ({@link TelemetryTranslator}), by component name.
 *
 * @param tpmsHardWarnings Tesla's TPMS warning bits as sent (0 = none)
 * @param acChargingPowerKw AC and DC power and energy arrive as separate fields; the snapshot's
 *                          charger power and energy added are their sums
 */
public record StreamExtras(Double packVoltageVolts, Double packCurrentAmps, Double brickVoltageMinVolts,
        Double brickVoltageMaxVolts, Double lifetimeEnergyRegenKwh, Double tpmsHardWarnings, Double tpmsSoftWarnings,
        Double acChargingPowerKw, Double dcChargingPowerKw, Double acChargingEnergyKwh, Double dcChargingEnergyKwh) {

    public static final StreamExtras NONE = new StreamExtras(null, null, null, null, null, null, null, null, null, null, null);

    /** A copy with the component {@code name} set to {@code value}. */
    StreamExtras with(String name, Double value) {
        return RecordPaths.setComponent(this, name, value);
    }

    /** The value of the component {@code name}. */
    Double get(String name) {
        return RecordPaths.component(this, name);
    }
}
