package org.teslaexporter.demo;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;

/**
 * A car on a ten-minute day: 2 min driving, 1 min parked with someone in it, 2.5 min charging,
 * 0.5 min parked, then asleep until the cycle ends. Its state is a pure function of the time
 * since start (plus an optional wake-up), so answers are reproducible and the class is testable.
 */
public final class SimulatedCar {

    static final Duration CYCLE = Duration.ofMinutes(10);
    private static final double KM_PER_MILE = 1.609344;

    static final double HOME_LATITUDE = 52.37;
    static final double HOME_LONGITUDE = 4.89;
    /** A drive is a 7.5 km round: r = 7.5 / 2π ≈ 1.19 km ≈ 0.0107° of latitude. */
    static final double LOOP_RADIUS_DEGREES = 7.5 / (2 * Math.PI) / 111.2;

    /** The phases of the cycle, with their end (seconds into the cycle). */
    enum Phase {
        DRIVING(120), PARKED_OCCUPIED(180), CHARGING(330), PARKED(360), ASLEEP(600);

        final int endsAt;

        Phase(int endsAt) {
            this.endsAt = endsAt;
        }

        static Phase at(long secondInCycle) {
            for (Phase p : values()) {
                if (secondInCycle < p.endsAt) {
                    return p;
                }
            }
            return ASLEEP;
        }
    }

    private final String vin;
    private final String name;
    private final String model;
    private final long id;
    private final Duration offset;
    private final Instant start;
    private volatile Instant awakeUntil = Instant.EPOCH;

    public SimulatedCar(String vin, String name, String model, long id, Duration offset, Instant start) {
        this.vin = vin;
        this.name = name;
        this.model = model;
        this.id = id;
        this.offset = offset;
        this.start = start;
    }

    public String vin() {
        return vin;
    }

    long secondInCycle(Instant now) {
        return elapsedSeconds(now) % CYCLE.toSeconds();
    }

    long cycles(Instant now) {
        return elapsedSeconds(now) / CYCLE.toSeconds();
    }

    /** Seconds into the simulation; a clock reading from just before the start counts as the start. */
    private long elapsedSeconds(Instant now) {
        return Math.max(0, Duration.between(start, now).toSeconds()) + offset.toSeconds();
    }

    Phase phase(Instant now) {
        return Phase.at(secondInCycle(now));
    }

    /** Asleep in the last phase of the cycle, unless woken. */
    public boolean asleep(Instant now) {
        return phase(now) == Phase.ASLEEP && now.isAfter(awakeUntil);
    }

    /** A wake-up keeps the car online for two minutes. */
    public void wake(Instant now) {
        awakeUntil = now.plus(Duration.ofMinutes(2));
    }

    /** The vehicle list / single vehicle entry. */
    public JsonObject summary(Instant now) {
        return Json.createObjectBuilder()
                .add("id", id).add("vehicle_id", id + 1).add("vin", vin).add("display_name", name)
                .add("state", asleep(now) ? "asleep" : "online").add("in_service", false)
                .add("api_version", 80).build();
    }

    /** The {@code vehicle_data} response object, in Tesla's units. */
    public JsonObject vehicleData(Instant now) {
        long s = secondInCycle(now);
        Phase phase = phase(now);
        long ms = now.toEpochMilli();
        // Battery: 80 % at the start of a cycle, -0.05 %/s driving, +0.07 %/s charging.
        double driven = Math.min(s, Phase.DRIVING.endsAt);
        double charged = Math.max(0, Math.min(s, Phase.CHARGING.endsAt) - Phase.PARKED_OCCUPIED.endsAt);
        double battery = 80 - driven * 0.05 + charged * 0.04;
        boolean driving = phase == Phase.DRIVING;
        boolean charging = phase == Phase.CHARGING;
        double speedKmh = driving ? 50 + 40 * Math.sin(s / 12.0) : 0;
        double odometerKm = 24_000 + cycles(now) * 7.5 + driven / 120.0 * 7.5;
        // each drive is a 7.5 km loop from home and back, so the dashboard's trail draws a circle
        double loop = 2 * Math.PI * driven / Phase.DRIVING.endsAt;

        JsonObjectBuilder charge = Json.createObjectBuilder()
                .add("battery_level", Math.round(battery))
                .add("usable_battery_level", Math.round(battery) - 1)
                .add("battery_range", battery * 5.0 / KM_PER_MILE)
                .add("ideal_battery_range", battery * 5.4 / KM_PER_MILE)
                .add("est_battery_range", battery * 4.3 / KM_PER_MILE)
                .add("charge_limit_soc", 90)
                .add("charge_energy_added", Math.round(charged * 0.4 * 10) / 10.0)
                .add("charge_miles_added_rated", charged * 0.2 * 5.0 / KM_PER_MILE)
                .add("charge_miles_added_ideal", charged * 0.2 * 5.4 / KM_PER_MILE)
                .add("charge_rate", charging ? 60 / KM_PER_MILE : 0)
                .add("charger_power", charging ? 11 : 0)
                .add("charger_voltage", charging ? 230 : 2)
                .add("charger_actual_current", charging ? 16 : 0)
                .add("charger_pilot_current", 16)
                .add("charge_current_request", 16)
                .add("charge_current_request_max", 16)
                .add("time_to_full_charge", charging ? (90 - battery) / 18.0 : 0)
                .add("minutes_to_full_charge", charging ? Math.round((90 - battery) / 18.0 * 60) : 0)
                .add("charge_port_door_open", charging)
                .add("charge_port_latch", charging ? "Engaged" : "Disengaged")
                .add("charging_state", charging ? "Charging" : "Disconnected")
                .add("battery_heater_on", false)
                .add("scheduled_charging_pending", false)
                .add("fast_charger_present", false)
                .add("energy_remaining", battery * 0.75)
                .add("lifetime_energy_used", Math.round(odometerKm * 0.155 * 10) / 10.0)   // ~155 Wh/km
                .add("module_temp_min", charging ? 24.5 : 19.0)
                .add("module_temp_max", charging ? 27.0 : 21.5)
                .add("timestamp", ms);
        if (charging) {
            charge.add("charger_phases", 3);
        } else {
            charge.addNull("charger_phases");
        }

        JsonObjectBuilder climate = Json.createObjectBuilder()
                .add("inside_temp", phase == Phase.PARKED_OCCUPIED || driving ? 21.5 : 14.0)
                .add("outside_temp", 9.5)
                .add("driver_temp_setting", 21.0).add("passenger_temp_setting", 21.0)
                .add("is_climate_on", driving || phase == Phase.PARKED_OCCUPIED)
                .add("is_preconditioning", false).add("is_auto_conditioning_on", driving)
                .add("is_front_defroster_on", false).add("is_rear_defroster_on", false)
                .add("fan_status", driving ? 3 : 0).add("defrost_mode", 0)
                .add("seat_heater_left", driving ? 2 : 0).add("seat_heater_right", 0)
                .add("seat_heater_rear_left", 0).add("seat_heater_rear_center", 0).add("seat_heater_rear_right", 0)
                .add("steering_wheel_heat_level", driving ? 1 : 0)
                .add("timestamp", ms);

        JsonObjectBuilder drive = Json.createObjectBuilder()
                .add("latitude", HOME_LATITUDE + LOOP_RADIUS_DEGREES * (1 - Math.cos(loop)))
                .add("longitude", HOME_LONGITUDE + LOOP_RADIUS_DEGREES / Math.cos(Math.toRadians(HOME_LATITUDE)) * Math.sin(loop))
                .add("heading", driving ? (int) Math.round(90 - Math.toDegrees(loop) + 360 * 2) % 360 : 90)
                .add("gps_as_of", ms / 1000)
                .add("power", driving ? Math.round(speedKmh / 4.0) : charging ? -11 : 0)
                .add("timestamp", ms);
        if (driving) {
            drive.add("speed", speedKmh / KM_PER_MILE).add("shift_state", "D");
        } else {
            drive.addNull("speed").add("shift_state", "P");
        }

        boolean doorOpen = s >= Phase.DRIVING.endsAt && s < Phase.DRIVING.endsAt + 10;
        JsonObjectBuilder state = Json.createObjectBuilder()
                .add("vehicle_name", name)
                .add("car_version", "2025.32.6 a1b2c3d4e5f6")
                .add("odometer", odometerKm / KM_PER_MILE)
                .add("locked", phase == Phase.CHARGING || phase == Phase.PARKED || phase == Phase.ASLEEP)
                .add("sentry_mode", false).add("valet_mode", false)
                .add("is_user_present", driving || phase == Phase.PARKED_OCCUPIED)
                .add("remote_start", false)
                .add("center_display_state", driving || phase == Phase.PARKED_OCCUPIED ? 2 : 0)
                .add("df", doorOpen ? 1 : 0).add("dr", 0).add("pf", 0).add("pr", 0)
                .add("ft", 0).add("rt", 0)
                .add("fd_window", 0).add("fp_window", 0).add("rd_window", 0).add("rp_window", 0)
                .add("tpms_pressure_fl", 2.9).add("tpms_pressure_fr", 2.875)
                .add("tpms_pressure_rl", 2.925).add("tpms_pressure_rr", 2.55)
                .add("tpms_rcp_front_value", 2.9).add("tpms_rcp_rear_value", 2.9)
                .add("tpms_soft_warning_fl", false).add("tpms_soft_warning_fr", false)
                .add("tpms_soft_warning_rl", false).add("tpms_soft_warning_rr", true)
                .add("tpms_hard_warning_fl", false).add("tpms_hard_warning_fr", false)
                .add("tpms_hard_warning_rl", false).add("tpms_hard_warning_rr", false)
                .add("tpms_last_seen_pressure_time_fl", ms / 1000 - 60).add("tpms_last_seen_pressure_time_fr", ms / 1000 - 60)
                .add("tpms_last_seen_pressure_time_rl", ms / 1000 - 60).add("tpms_last_seen_pressure_time_rr", ms / 1000 - 60)
                .add("software_update", Json.createObjectBuilder()
                        .add("status", "").add("version", " ").add("download_perc", 0).add("install_perc", 1))
                .add("speed_limit_mode", Json.createObjectBuilder().add("active", false))
                .add("timestamp", ms);

        JsonObjectBuilder config = Json.createObjectBuilder()
                .add("car_type", model).add("trim_badging", "74d").add("exterior_color", "MidnightSilver")
                .add("wheel_type", "Gemini19").add("driver_assist", "TeslaAP4").add("timestamp", ms);

        return Json.createObjectBuilder()
                .add("id", id).add("vin", vin).add("display_name", name).add("state", "online")
                .add("charge_state", charge).add("climate_state", climate).add("drive_state", drive)
                .add("vehicle_state", state).add("vehicle_config", config)
                .add("gui_settings", Json.createObjectBuilder().add("gui_distance_units", "km/hr")
                        .add("gui_temperature_units", "C").add("timestamp", ms))
                .build();
    }
}
