package org.teslaexporter.demo;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;

/**
 * A car on a ten-minute commuting day: someone gets in at home, drives to work (90 s), parks there
 * (with a little vampire drain), drives home (90 s), charges at home (2 min 40 s), parks, then sleeps
 * until the cycle ends. Its state is a pure function of the time since start (plus an optional
 * wake-up), so answers are reproducible and the class is testable. Home and work are the demo's places
 * ({@code demo-places.json}): the journal prices each charge at home.
 */
public final class SimulatedCar {

    static final Duration CYCLE = Duration.ofMinutes(10);
    private static final double KM_PER_MILE = 1.609344;

    static final double HOME_LATITUDE = 52.37;
    static final double HOME_LONGITUDE = 4.89;
    static final double WORK_LATITUDE = 52.345;
    static final double WORK_LONGITUDE = 4.835;
    /** The road between home and work, km (longer than the straight line). */
    static final double COMMUTE_KM = 5.5;
    /** Battery points: used per second of driving, lost per second parked at work, and added per second of charging. */
    static final double DRIVE_RATE = 0.0133;     // 1.2 points, 0.9 kWh a drive: 163 Wh/km
    static final double DRAIN_RATE = 0.005;
    /** The battery holds 75 kWh; its rated range is 5 km a point (150 Wh per rated km). */
    static final double KWH_PER_POINT = 0.75;
    static final double KM_PER_POINT = 5.0;

    /** The phases of the cycle, with their end (seconds into the cycle). */
    enum Phase {
        MORNING(20), TO_WORK(110), AT_WORK(170), TO_HOME(260), CHARGING(420), PARKED(450), ASLEEP(600);

        final int endsAt;

        Phase(int endsAt) {
            this.endsAt = endsAt;
        }

        int startsAt() {
            return ordinal() == 0 ? 0 : values()[ordinal() - 1].endsAt;
        }

        boolean driving() {
            return this == TO_WORK || this == TO_HOME;
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

    /** Seconds of {@code phase} that have passed at {@code s} into the cycle (0 before it, its length after it). */
    private static double within(Phase phase, long s) {
        return Math.max(0, Math.min(s, phase.endsAt) - phase.startsAt());
    }

    /** A share of the way as a car covers it: slowly from standstill, fast in the middle, slowly at the end. */
    private static double eased(double share) {
        return share * share * (3 - 2 * share);
    }

    /** The charge of each cycle makes up for what the day used: the battery is at 80 % when the cycle starts. */
    static final double CHARGE_RATE = (DRIVE_RATE * (within(Phase.TO_WORK, 600) + within(Phase.TO_HOME, 600))
            + DRAIN_RATE * within(Phase.AT_WORK, 600)) / within(Phase.CHARGING, 600);

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
        double toWork = within(Phase.TO_WORK, s) / (Phase.TO_WORK.endsAt - Phase.TO_WORK.startsAt());
        double toHome = within(Phase.TO_HOME, s) / (Phase.TO_HOME.endsAt - Phase.TO_HOME.startsAt());
        double charged = within(Phase.CHARGING, s) * CHARGE_RATE;     // battery points added this cycle
        double battery = 80 - DRIVE_RATE * (within(Phase.TO_WORK, s) + within(Phase.TO_HOME, s))
                - DRAIN_RATE * within(Phase.AT_WORK, s) + charged;
        boolean driving = phase.driving();
        boolean charging = phase == Phase.CHARGING;
        boolean occupied = driving || phase == Phase.MORNING || s >= Phase.TO_WORK.endsAt && s < Phase.TO_WORK.endsAt + 20;
        double speedKmh = driving ? 50 + 40 * Math.sin(s / 12.0) : 0;
        double odometerKm = 24_000 + cycles(now) * 2 * COMMUTE_KM + (toWork + toHome) * COMMUTE_KM;
        // the way to work and back, as a gentle curve (the dashboard's trail draws it)
        double along = eased(toWork) - eased(toHome);
        double bend = 0.004 * Math.sin(Math.PI * along);
        double latitude = HOME_LATITUDE + (WORK_LATITUDE - HOME_LATITUDE) * along + bend;
        double longitude = HOME_LONGITUDE + (WORK_LONGITUDE - HOME_LONGITUDE) * along + bend;
        double heading = Math.toDegrees(Math.atan2((WORK_LONGITUDE - HOME_LONGITUDE) * Math.cos(Math.toRadians(HOME_LATITUDE)),
                WORK_LATITUDE - HOME_LATITUDE)) + (phase == Phase.TO_HOME ? 180 : 0);

        JsonObjectBuilder charge = Json.createObjectBuilder()
                .add("battery_level", Math.round(battery))
                .add("usable_battery_level", Math.round(battery) - 1)
                .add("battery_range", battery * KM_PER_POINT / KM_PER_MILE)
                .add("ideal_battery_range", battery * 5.4 / KM_PER_MILE)
                .add("est_battery_range", battery * 4.3 / KM_PER_MILE)
                .add("charge_limit_soc", 90)
                .add("charge_energy_added", Math.round(charged * KWH_PER_POINT * 100) / 100.0)
                .add("charge_miles_added_rated", charged * KM_PER_POINT / KM_PER_MILE)
                .add("charge_miles_added_ideal", charged * KM_PER_POINT * 1.08 / KM_PER_MILE)
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
                .add("energy_remaining", battery * KWH_PER_POINT)
                .add("lifetime_energy_used", Math.round((20_000 + KWH_PER_POINT * DRIVE_RATE
                        * (cycles(now) * 180 + within(Phase.TO_WORK, s) + within(Phase.TO_HOME, s))) * 10) / 10.0)
                .add("module_temp_min", charging ? 24.5 : 19.0)
                .add("module_temp_max", charging ? 27.0 : 21.5)
                .add("timestamp", ms);
        if (charging) {
            charge.add("charger_phases", 3);
        } else {
            charge.addNull("charger_phases");
        }

        JsonObjectBuilder climate = Json.createObjectBuilder()
                .add("inside_temp", occupied ? 21.5 : 14.0)
                .add("outside_temp", 9.5)
                .add("driver_temp_setting", 21.0).add("passenger_temp_setting", 21.0)
                .add("is_climate_on", occupied)
                .add("is_preconditioning", false).add("is_auto_conditioning_on", driving)
                .add("is_front_defroster_on", false).add("is_rear_defroster_on", false)
                .add("fan_status", driving ? 3 : 0).add("defrost_mode", 0)
                .add("seat_heater_left", driving ? 2 : 0).add("seat_heater_right", 0)
                .add("seat_heater_rear_left", 0).add("seat_heater_rear_center", 0).add("seat_heater_rear_right", 0)
                .add("steering_wheel_heat_level", driving ? 1 : 0)
                .add("timestamp", ms);

        JsonObjectBuilder drive = Json.createObjectBuilder()
                .add("latitude", latitude)
                .add("longitude", longitude)
                .add("heading", (int) Math.round(heading + 360) % 360)
                .add("gps_as_of", ms / 1000)
                .add("power", driving ? Math.round(speedKmh / 4.0) : charging ? -11 : 0)
                .add("timestamp", ms);
        if (driving) {
            drive.add("speed", speedKmh / KM_PER_MILE).add("shift_state", "D");
        } else {
            drive.addNull("speed").add("shift_state", "P");
        }

        boolean doorOpen = s >= Phase.TO_WORK.endsAt && s < Phase.TO_WORK.endsAt + 10;
        JsonObjectBuilder state = Json.createObjectBuilder()
                .add("vehicle_name", name)
                .add("car_version", "2025.32.6 a1b2c3d4e5f6")
                .add("odometer", odometerKm / KM_PER_MILE)
                .add("locked", !occupied)
                .add("sentry_mode", false).add("valet_mode", false)
                .add("is_user_present", occupied)
                .add("remote_start", false)
                .add("center_display_state", occupied ? 2 : 0)
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
