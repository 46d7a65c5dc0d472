package org.teslaexporter.metrics;
import static org.teslaexporter.metrics.MetricFamily.info;
import static org.teslaexporter.metrics.MetricFamily.labeled;
import static org.teslaexporter.metrics.MetricFamily.scalar;
import static org.teslaexporter.metrics.MetricFamily.stateSet;
import static org.teslaexporter.metrics.MetricFamily.tracked;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.teslaexporter.places.Places;
import org.teslaexporter.polling.PollMode;
import org.teslaexporter.vehicle.ChargingState;
import org.teslaexporter.vehicle.Gear;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.StreamExtras;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSnapshot;

/**
 * Every per-vehicle metric family. Each series also carries {@code vin} and {@code vehicle_name};
 * on /metrics a line reads, e.g.
 * <pre>tesla_battery_level_percent{mp_scope="application",vehicle_name="Blue",vin="5YJ3E1EA7KF000001"} 77.0</pre>
 * Names and label values of the earlier exporter are kept so dashboards and history carry over.
 * The data comes from the exporter's own polling schedule, not from the scrape: a scrape never
 * calls Tesla, so it can neither wake the car nor cost money.
 */
public final class VehicleMetrics {

    public static final List<String> CHARGING_STATES = Arrays.stream(ChargingState.values()).map(ChargingState::label).toList();
    public static final List<String> SHIFT_STATES = Arrays.stream(Gear.values()).map(Gear::label).toList();
    public static final List<String> POLLING_MODES =
            Arrays.stream(PollMode.values()).map(PollMode::label).toList();
    public static final List<String> ONLINE_STATES =
            Arrays.stream(OnlineState.values()).filter(s -> s != OnlineState.UNKNOWN).map(OnlineState::label).toList();

    /** Suffix for help texts: the value is as fresh as the last poll, not the scrape. */
    /** Where every car value comes from: never read at scrape time (that could wake the car and costs money). */
    private static final String POLLED = " (latest known value: from the last poll on the exporter's own timer, or streamed)";

    /** The families that tell where the car is; left out with {@code METRICS_LOCATION=false}. */
    public static final java.util.Set<String> LOCATION = java.util.Set.of("tesla_latitude", "tesla_longitude",
            "tesla_heading_degrees");

    public static final List<MetricFamily> FAMILIES = List.of(
            // --- Battery and charging (charge_state) ---
            scalar("tesla_battery_level_percent", "Battery state of charge, 0-100" + POLLED,
                    s -> s.charge().batteryLevelPercent()),
            scalar("tesla_battery_usable_level_percent", "Usable battery state of charge, 0-100" + POLLED,
                    s -> s.charge().usableBatteryLevelPercent()),
            scalar("tesla_battery_range_km", "Rated range in km" + POLLED, s -> s.charge().ratedRangeKm()),
            scalar("tesla_battery_ideal_range_km", "Ideal range in km" + POLLED, s -> s.charge().idealRangeKm()),
            scalar("tesla_battery_estimated_range_km", "Estimated range (from recent driving) in km" + POLLED,
                    s -> s.charge().estimatedRangeKm()),
            scalar("tesla_battery_energy_remaining_kwh", "Energy left in the battery in kWh" + POLLED,
                    s -> s.charge().energyRemainingKwh()),
            scalar("tesla_battery_module_temperature_min_celsius", "Coolest battery module temperature in °C" + POLLED,
                    s -> s.charge().moduleTempMinCelsius()),
            scalar("tesla_battery_module_temperature_max_celsius", "Warmest battery module temperature in °C" + POLLED,
                    s -> s.charge().moduleTempMaxCelsius()),
            scalar("tesla_lifetime_energy_used_kwh", "Energy the car has used over its life in kWh" + POLLED,
                    s -> s.charge().lifetimeEnergyUsedKwh()),
            scalar("tesla_charge_limit_percent", "Charge limit (target state of charge), 0-100" + POLLED,
                    s -> s.charge().chargeLimitPercent()),
            scalar("tesla_charge_energy_added_kwh", "Energy added in the current or last charging session in kWh" + POLLED,
                    s -> s.charge().energyAddedKwh()),
            scalar("tesla_charge_range_added_rated_km", "Rated range added in the current or last session in km" + POLLED,
                    s -> s.charge().rangeAddedRatedKm()),
            scalar("tesla_charge_range_added_ideal_km", "Ideal range added in the current or last session in km" + POLLED,
                    s -> s.charge().rangeAddedIdealKm()),
            scalar("tesla_charge_rate_kmh", "Charging speed as range added per hour, km/h" + POLLED,
                    s -> s.charge().chargeRateKmh()),
            scalar("tesla_charger_power_kw", "Charger power in kW" + POLLED, s -> s.charge().chargerPowerKw()),
            scalar("tesla_charger_voltage_volts", "Charger voltage in V (about 2 V when idle)" + POLLED,
                    s -> s.charge().chargerVoltageVolts()),
            scalar("tesla_charger_actual_current_amps", "Charging current in A" + POLLED,
                    s -> s.charge().chargerActualCurrentAmps()),
            scalar("tesla_charger_pilot_current_amps", "Current the charger offers (pilot signal) in A" + POLLED,
                    s -> s.charge().chargerPilotCurrentAmps()),
            scalar("tesla_charge_current_request_amps", "Charging current the car asks for in A" + POLLED,
                    s -> s.charge().chargeCurrentRequestAmps()),
            scalar("tesla_charge_current_request_max_amps", "Highest charging current the car may ask for in A" + POLLED,
                    s -> s.charge().chargeCurrentRequestMaxAmps()),
            scalar("tesla_charger_phases", "Number of AC phases in use while charging" + POLLED,
                    s -> s.charge().chargerPhases()),
            scalar("tesla_charge_time_remaining_hours", "Time until the charge limit is reached in hours" + POLLED,
                    s -> s.charge().timeToFullHours()),
            scalar("tesla_charge_time_to_full_seconds", "Time until the charge limit is reached in seconds (Prometheus base unit)" + POLLED,
                    s -> s.charge().minutesToFull() == null ? null : s.charge().minutesToFull() * 60),
            scalar("tesla_charge_port_door_open", "Charge port door open (1) or closed (0)" + POLLED,
                    s -> s.charge().chargePortDoorOpen()),
            scalar("tesla_charge_port_latch_engaged", "Charge cable latched (1) or not (0)" + POLLED,
                    s -> s.charge().chargePortLatchEngaged()),
            scalar("tesla_fast_charger_present", "Connected to a DC fast charger (1) or not (0)" + POLLED,
                    s -> s.charge().fastChargerPresent()),
            scalar("tesla_battery_heater_on", "Battery heater on (1) or off (0)" + POLLED,
                    s -> s.charge().batteryHeaterOn()),
            scalar("tesla_scheduled_charging_pending", "Scheduled charging waiting to start (1) or not (0)" + POLLED,
                    s -> s.charge().scheduledChargingPending()),
            stateSet("tesla_charging_state", "Charging state: 1 for the current state, 0 for the others" + POLLED,
                    "state", CHARGING_STATES, v -> v.snapshot() == null || v.snapshot().charge().chargingState() == null ? null
                            : v.snapshot().charge().chargingState().label()),

            // --- Climate (climate_state) ---
            scalar("tesla_inside_temperature_celsius", "Cabin temperature in °C" + POLLED,
                    s -> s.climate().insideTempCelsius()),
            scalar("tesla_outside_temperature_celsius", "Outside temperature in °C" + POLLED,
                    s -> s.climate().outsideTempCelsius()),
            scalar("tesla_driver_temperature_setting_celsius", "Driver side temperature setting in °C" + POLLED,
                    s -> s.climate().driverSettingCelsius()),
            scalar("tesla_passenger_temperature_setting_celsius", "Passenger side temperature setting in °C" + POLLED,
                    s -> s.climate().passengerSettingCelsius()),
            scalar("tesla_climate_on", "Climate (HVAC) on (1) or off (0)" + POLLED, s -> s.climate().climateOn()),
            scalar("tesla_preconditioning", "Preconditioning on (1) or off (0)" + POLLED,
                    s -> s.climate().preconditioning()),
            scalar("tesla_auto_conditioning_on", "Automatic climate control on (1) or off (0)" + POLLED,
                    s -> s.climate().autoConditioningOn()),
            scalar("tesla_front_defroster_on", "Front defroster on (1) or off (0)" + POLLED,
                    s -> s.climate().frontDefrosterOn()),
            scalar("tesla_rear_defroster_on", "Rear defroster on (1) or off (0)" + POLLED,
                    s -> s.climate().rearDefrosterOn()),
            scalar("tesla_fan_status", "Cabin fan speed level (0 = off)" + POLLED, s -> s.climate().fanStatus()),
            scalar("tesla_defrost_mode", "Defrost mode (0 = off)" + POLLED, s -> s.climate().defrostMode()),
            scalar("tesla_steering_wheel_heat_level", "Steering wheel heater level (0 = off)" + POLLED,
                    s -> s.climate().steeringWheelHeatLevel()),
            labeled("tesla_seat_heater_level", "Seat heater level per seat (0 = off)" + POLLED, "seat",
                    s -> s.climate().seatHeaterLevels()),

            // --- Drive and location (drive_state, location_data) ---
            scalar("tesla_latitude", "Latitude in degrees (WGS84)" + POLLED, s -> s.drive().latitude()),
            scalar("tesla_longitude", "Longitude in degrees (WGS84)" + POLLED, s -> s.drive().longitude()),
            scalar("tesla_heading_degrees", "Heading in degrees, 0-360" + POLLED, s -> s.drive().headingDegrees()),
            scalar("tesla_gps_timestamp_seconds", "When the car last had a GPS fix, Unix time" + POLLED,
                    s -> s.drive().gpsTimestamp()),
            scalar("tesla_speed_kmh", "Speed in km/h; absent when the car does not report one (parked)" + POLLED,
                    s -> s.drive().speedKmh()),
            scalar("tesla_power_watts", "Drive power in W; negative while regenerating or charging" + POLLED,
                    s -> s.drive().powerWatts()),
            stateSet("tesla_shift_state", "Gear: 1 for the current one; absent when the car does not say" + POLLED,
                    "state", SHIFT_STATES, v -> v.snapshot() == null || v.snapshot().drive().shiftState() == null ? null
                            : v.snapshot().drive().shiftState().label()),

            // --- Vehicle state (vehicle_state) ---
            scalar("tesla_odometer_km", "Odometer in km" + POLLED, s -> s.body().odometerKm()),
            scalar("tesla_locked", "Locked (1) or unlocked (0)" + POLLED, s -> s.body().locked()),
            scalar("tesla_sentry_mode", "Sentry mode on (1) or off (0)" + POLLED, s -> s.body().sentryMode()),
            scalar("tesla_valet_mode", "Valet mode on (1) or off (0)" + POLLED, s -> s.body().valetMode()),
            scalar("tesla_user_present", "Someone in the car (1) or not (0)" + POLLED, s -> s.body().userPresent()),
            scalar("tesla_remote_start", "Remote start active (1) or not (0)" + POLLED, s -> s.body().remoteStart()),
            scalar("tesla_speed_limit_mode_active", "Speed limit mode on (1) or off (0)" + POLLED,
                    s -> s.body().speedLimitModeActive()),
            scalar("tesla_center_display_state", "Centre display state (0 = off)" + POLLED,
                    s -> s.body().centerDisplayState()),
            scalar("tesla_sun_roof_open_percent", "Sun roof opening, 0-100" + POLLED,
                    s -> s.body().sunRoofPercentOpen()),
            labeled("tesla_door_open", "Door open (1) or closed (0)" + POLLED, "door", s -> s.body().doorsOpen()),
            labeled("tesla_trunk_open", "Trunk open (1) or closed (0)" + POLLED, "trunk", s -> s.body().trunksOpen()),
            labeled("tesla_window_open", "Window open or vented (1) or closed (0)" + POLLED, "window",
                    s -> s.body().windowsOpen()),

            // --- Tyres ---
            labeled("tesla_tpms_pressure_bar", "Tyre pressure in bar" + POLLED, "tire", s -> s.tyres().pressureBar()),
            labeled("tesla_tpms_recommended_pressure_bar", "Recommended cold tyre pressure per axle in bar" + POLLED,
                    "axle", s -> s.tyres().recommendedPressureBar()),
            labeled("tesla_tpms_soft_warning", "Tyre pressure soft warning (1) or not (0)" + POLLED, "tire",
                    s -> s.tyres().softWarning()),
            labeled("tesla_tpms_hard_warning", "Tyre pressure hard warning (1) or not (0)" + POLLED, "tire",
                    s -> s.tyres().hardWarning()),
            labeled("tesla_tpms_last_seen_timestamp_seconds", "When the tyre's sensor last reported, Unix time" + POLLED,
                    "tire", s -> s.tyres().lastSeen()),

            // --- Software ---
            info("tesla_software_version_info", "Installed software version (value 1, version in the label)" + POLLED,
                    List.of("version"), s -> List.of(nullToEmpty(s.software().version()))),
            scalar("tesla_software_update_available", "A software update is offered (1) or not (0)" + POLLED,
                    s -> s.software().updateAvailable()),
            info("tesla_software_update_info", "Offered software update (value 1; version and status in labels)" + POLLED,
                    List.of("status", "version"), s -> Arrays.asList(s.software().updateStatus(), s.software().updateVersion())),
            scalar("tesla_software_update_download_percent", "Download progress of the offered update, 0-100" + POLLED,
                    s -> s.software().updateDownloadPercent()),
            scalar("tesla_software_update_install_percent", "Install progress of the offered update, 0-100" + POLLED,
                    s -> s.software().updateInstallPercent()),

            // --- What the car is, and freshness ---
            info("tesla_vehicle_info", "The car's model, trim, colour, wheels and driver assistance (value 1)",
                    List.of("model", "trim", "exterior_color", "wheel_type", "driver_assist"),
                    s -> Arrays.asList(s.equipment().model(), s.equipment().trim(), s.equipment().exteriorColor(),
                            s.equipment().wheelType(), s.equipment().driverAssist())),
            scalar("tesla_data_timestamp_seconds", "When the car produced the latest data, by its own clock, Unix time",
                    VehicleSnapshot::carTimestamp),
            stateSet("tesla_vehicle_state", "Connectivity from the vehicle list: 1 for online, asleep or offline",
                    "state", ONLINE_STATES, v -> v.summary().state() == OnlineState.UNKNOWN ? null : v.summary().state().label()),

            // --- Polling (the sleep-aware schedule) ---
            stateSet("tesla_exporter_polling_mode",
                    "What the poller does with the vehicle: 1 for the current mode (suspended = no data calls so the car can sleep)",
                    "mode", POLLING_MODES, v -> v.polling().mode()),
            tracked("tesla_exporter_rate_limited_until_timestamp_seconds",
                    "Until when Tesla's rate limit (429 Retry-After) stops requests for the vehicle, Unix time",
                    v -> "rate_limited".equals(v.polling().backoffReason()) ? v.polling().backoffUntil() : null),
            new MetricFamily("tesla_exporter_backoff_until_timestamp_seconds",
                    "While backing off: until when, and why (errors, rate_limited, billing_limit, not_registered, login), Unix time",
                    List.of("reason"), v -> v.polling().backoffUntil() == null || v.polling().backoffReason() == null ? Map.of()
                            : Map.of(List.of(v.polling().backoffReason()), v.polling().backoffUntil().toEpochMilli() / 1000.0)),

            // --- Fleet Telemetry (streamed by the car; absent for a car that does not stream) ---
            stateSet("tesla_exporter_data_source", "Which source fed the vehicle's newest data: 1 for stream or poll",
                    "source", List.of("stream", "poll"), TrackedVehicle::dataSource),
            tracked("tesla_telemetry_connected", "Whether the car's Fleet Telemetry stream is connected (1) or not (0)",
                    v -> v.streaming().connected()),
            tracked("tesla_telemetry_last_signal_timestamp_seconds", "When the car's last streamed signal arrived, Unix time",
                    v -> v.streaming().lastSignalAt()),
            new MetricFamily("tesla_vehicle_alert_active", "The car's alerts from Fleet Telemetry: 1 while active, 0 once ended",
                    List.of("name"), v -> alerts(v.streaming().alerts())),
            extra("tesla_battery_pack_voltage_volts", "High-voltage battery pack voltage in V (streamed)", StreamExtras::packVoltageVolts),
            extra("tesla_battery_pack_current_amps", "High-voltage battery pack current in A, negative while charging (streamed)",
                    StreamExtras::packCurrentAmps),
            extra("tesla_battery_brick_voltage_min_volts", "Lowest battery brick (cell group) voltage in V (streamed)",
                    StreamExtras::brickVoltageMinVolts),
            extra("tesla_battery_brick_voltage_max_volts", "Highest battery brick (cell group) voltage in V (streamed)",
                    StreamExtras::brickVoltageMaxVolts),
            extra("tesla_lifetime_energy_regen_kwh", "Energy regenerated by braking over the car's life in kWh (streamed)",
                    StreamExtras::lifetimeEnergyRegenKwh),
            extra("tesla_charger_power_ac_kw", "AC charging power in kW (streamed)", StreamExtras::acChargingPowerKw),
            extra("tesla_charger_power_dc_kw", "DC (fast) charging power in kW (streamed)", StreamExtras::dcChargingPowerKw),
            extra("tesla_tpms_hard_warnings", "Tesla's TPMS hard warnings as sent (0 = none; streamed)", StreamExtras::tpmsHardWarnings),
            extra("tesla_tpms_soft_warnings", "Tesla's TPMS soft warnings as sent (0 = none; streamed)", StreamExtras::tpmsSoftWarnings),

            // --- Exporter health per vehicle ---
            tracked("tesla_exporter_vehicle_reachable", "Whether the vehicle is online and answering (1) or not (0)",
                    v -> v.summary().state() == OnlineState.ONLINE),
            tracked("tesla_exporter_last_successful_poll_timestamp_seconds",
                    "When vehicle_data was last fetched successfully, Unix time", v -> v.lastDataAt()));

    private VehicleMetrics() {
    }

    /** The family of the owner's places: 1 for the place the car is at; no series elsewhere or where the position is unknown. */
    public static final String PLACE = "tesla_vehicle_place";

    public static MetricFamily place(Places places) {
        return new MetricFamily(PLACE, "The owner's place the car is at (PLACES_FILE): 1 for it, absent elsewhere or when the"
                + " position is unknown", List.of("place"), v -> {
                    var d = v.snapshot() == null ? null : v.snapshot().drive();
                    return d == null ? Map.of() : places.at(d.latitude(), d.longitude())
                            .<Map<List<String>, Double>>map(p -> Map.of(List.of(p.name()), 1.0)).orElse(Map.of());
                });
    }

    private static MetricFamily extra(String name, String help, java.util.function.Function<StreamExtras, Double> value) {
        return tracked(name, help, v -> value.apply(v.streaming().extras()));
    }

    private static Map<List<String>, Double> alerts(Map<String, Boolean> alerts) {
        if (alerts.isEmpty()) {
            return Map.of();
        }
        Map<List<String>, Double> samples = new java.util.HashMap<>();
        alerts.forEach((name, active) -> samples.put(List.of(name), active ? 1.0 : 0.0));
        return samples;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
