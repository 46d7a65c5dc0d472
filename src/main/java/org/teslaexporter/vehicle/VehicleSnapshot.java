package org.teslaexporter.vehicle;

import java.time.Instant;
import java.util.Map;

/**
 * Everything one {@code vehicle_data} answer told us, converted to our units. Immutable: the poller
 * replaces a vehicle's snapshot whole, the metrics only read the latest one. Any field may be
 * {@code null} (unknown); maps hold only the entries whose value was known.
 *
 * @param displayName  the car's name from {@code vehicle_state.vehicle_name}, if sent
 * @param carTimestamp when the car produced the data (its own clock)
 */
public record VehicleSnapshot(
        String displayName,
        Instant carTimestamp,
        Charge charge,
        Climate climate,
        Drive drive,
        Body body,
        Tyres tyres,
        Software software,
        Equipment equipment) {

    /** Battery and charging ({@code charge_state}). Ranges in km, rate in km/h, powers in kW. */
    public record Charge(
            Double batteryLevelPercent,
            Double usableBatteryLevelPercent,
            Double ratedRangeKm,
            Double idealRangeKm,
            Double estimatedRangeKm,
            Double chargeLimitPercent,
            Double energyAddedKwh,
            Double rangeAddedRatedKm,
            Double rangeAddedIdealKm,
            Double chargeRateKmh,
            Double chargerPowerKw,
            Double chargerVoltageVolts,
            Double chargerActualCurrentAmps,
            Double chargerPilotCurrentAmps,
            Double chargeCurrentRequestAmps,
            Double chargeCurrentRequestMaxAmps,
            Double chargerPhases,
            Double timeToFullHours,
            Double minutesToFull,
            Boolean chargePortDoorOpen,
            Boolean chargePortLatchEngaged,
            Boolean batteryHeaterOn,
            Boolean scheduledChargingPending,
            Boolean fastChargerPresent,
            Boolean superchargerPresent,
            ChargingState chargingState,
            Double energyRemainingKwh,
            Double lifetimeEnergyUsedKwh,
            Double moduleTempMinCelsius,
            Double moduleTempMaxCelsius) {
    }

    /** Cabin climate ({@code climate_state}), °C. Seat heater levels keyed by seat label. */
    public record Climate(
            Double insideTempCelsius,
            Double outsideTempCelsius,
            Double driverSettingCelsius,
            Double passengerSettingCelsius,
            Boolean climateOn,
            Boolean preconditioning,
            Boolean autoConditioningOn,
            Boolean frontDefrosterOn,
            Boolean rearDefrosterOn,
            Double fanStatus,
            Double defrostMode,
            Double steeringWheelHeatLevel,
            Map<String, Double> seatHeaterLevels) {
    }

    /** Motion and position ({@code drive_state}): km/h, W, degrees. */
    public record Drive(
            Double latitude,
            Double longitude,
            Double headingDegrees,
            Double speedKmh,
            Double powerWatts,
            Gear shiftState,
            Instant gpsTimestamp) {
    }

    /** Locks, modes and openings ({@code vehicle_state}); opening maps keyed by door/trunk/window label. */
    public record Body(
            Double odometerKm,
            Boolean locked,
            Boolean sentryMode,
            Boolean valetMode,
            Boolean userPresent,
            Boolean remoteStart,
            Boolean speedLimitModeActive,
            Double centerDisplayState,
            Double sunRoofPercentOpen,
            Map<String, Boolean> doorsOpen,
            Map<String, Boolean> trunksOpen,
            Map<String, Boolean> windowsOpen) {
    }

    /** Tyre pressure monitoring, bar; maps keyed by tyre label (front_left …) or axle (front, rear). */
    public record Tyres(
            Map<String, Double> pressureBar,
            Map<String, Double> recommendedPressureBar,
            Map<String, Boolean> softWarning,
            Map<String, Boolean> hardWarning,
            Map<String, Instant> lastSeen) {
    }

    /**
     * Installed software and a pending update. {@code updateAvailable} is false when Tesla reports
     * no update (empty status), null when the car did not say.
     */
    public record Software(
            String version,
            Boolean updateAvailable,
            String updateStatus,
            String updateVersion,
            Double updateDownloadPercent,
            Double updateInstallPercent) {
    }

    /** What the car is ({@code vehicle_config}): for the {@code tesla_vehicle_info} labels. */
    public record Equipment(
            String model,
            String trim,
            String exteriorColor,
            String wheelType,
            String driverAssist) {
    }
}
