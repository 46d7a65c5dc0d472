package org.teslaexporter.vehicle;

import static org.teslaexporter.vehicle.WireValues.bool;
import static org.teslaexporter.vehicle.WireValues.epochMillis;
import static org.teslaexporter.vehicle.WireValues.epochSeconds;
import static org.teslaexporter.vehicle.WireValues.number;
import static org.teslaexporter.vehicle.WireValues.object;
import static org.teslaexporter.vehicle.WireValues.scaled;
import static org.teslaexporter.vehicle.WireValues.text;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.BiFunction;

/**
 * The one translation layer from Tesla's wire format to our model (Cargo Tracker's
 * "data model translation layer"): miles → km, mph → km/h, kW → W, epoch ms → instants,
 * placeholders and unparseable values → unknown. When Tesla renames a field, only this class changes.
 * Stateless and thread-safe.
 */
public final class VehicleDataTranslator {

    public static final double KM_PER_MILE = 1.609344;

    /** A VIN is 17 characters; some test accounts and older records use shorter ids, never placeholders. */

    /** Seat label on /metrics → {@code climate_state} field. */
    static final Map<String, String> SEATS = ordered(
            "front_left", "seat_heater_left",
            "front_right", "seat_heater_right",
            "rear_left", "seat_heater_rear_left",
            "rear_center", "seat_heater_rear_center",
            "rear_right", "seat_heater_rear_right",
            "rear_left_back", "seat_heater_rear_left_back",
            "rear_right_back", "seat_heater_rear_right_back",
            "third_row_left", "seat_heater_third_row_left",
            "third_row_right", "seat_heater_third_row_right");
    /** Door label (as the earlier exporter named them) → {@code vehicle_state} field. */
    static final Map<String, String> DOORS = ordered(
            "driver_front", "df", "driver_rear", "dr", "passenger_front", "pf", "passenger_rear", "pr");
    static final Map<String, String> WINDOWS = ordered(
            "driver_front", "fd_window", "driver_rear", "rd_window",
            "passenger_front", "fp_window", "passenger_rear", "rp_window");
    static final Map<String, String> TRUNKS = ordered("front", "ft", "rear", "rt");
    /** Tyre label → suffix of the {@code tpms_*} fields. */
    static final Map<String, String> TYRES = ordered(
            "front_left", "fl", "front_right", "fr", "rear_left", "rl", "rear_right", "rr");
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(VehicleDataTranslator.class.getName());


    /** The {@code response} object of an answer; a missing or non-object response is a malformed answer. */
    public Optional<JsonObject> response(JsonObject answer) {
        return answer != null && answer.get("response") instanceof JsonObject o ? Optional.of(o) : Optional.empty();
    }

    /** The vehicles of a {@code GET /api/1/vehicles} answer; entries without a usable VIN are left out. */
    public Optional<List<VehicleSummary>> vehicles(JsonObject answer) {
        if (answer == null || !(answer.get("response") instanceof JsonArray entries)) {
            return Optional.empty();
        }
        List<VehicleSummary> result = new ArrayList<>();
        for (JsonValue entry : entries) {
            if (entry instanceof JsonObject o) {
                summary(o).ifPresent(result::add);
            }
        }
        return Optional.of(List.copyOf(result));
    }

    /**
     * Whether a page of the vehicle list says more pages follow: {@code pagination.next} is a page
     * number, or the list's {@code count} is more than the {@code listed} cars so far. An answer
     * without either is the whole list (as Tesla answers an account with a few cars).
     */
    public boolean morePages(JsonObject answer, int listed) {
        Double next = number(object(answer, "pagination"), "next");
        Double count = answer == null ? null : number(answer, "count");
        return next != null || (count != null && count > listed);
    }

    /** One list entry or {@code GET /api/1/vehicles/{vin}} response object. */
    public Optional<VehicleSummary> summary(JsonObject vehicle) {
        String vin = text(vehicle, "vin");
        if (vin == null || !Vin.valid(vin.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(new VehicleSummary(vin.toUpperCase(Locale.ROOT), WireValues.name(vehicle, "display_name"),
                OnlineState.fromWire(text(vehicle, "state"))));
    }

    /** A {@code vehicle_data} response object (the content of {@code response}). */
    public VehicleSnapshot snapshot(JsonObject data) {
        JsonObject charge = object(data, "charge_state");
        JsonObject climate = object(data, "climate_state");
        JsonObject drive = object(data, "drive_state");
        JsonObject state = object(data, "vehicle_state");
        JsonObject config = object(data, "vehicle_config");
        String name = Optional.ofNullable(WireValues.name(state, "vehicle_name")).orElse(WireValues.name(data, "display_name"));
        return new VehicleSnapshot(name, carTimestamp(charge, climate, drive, state, config),
                section(charge, VehicleDataTranslator::charge), section(climate, VehicleDataTranslator::climate),
                section(drive, VehicleDataTranslator::drive), section(state, VehicleDataTranslator::body),
                section(state, VehicleDataTranslator::tyres), section(state, VehicleDataTranslator::software),
                section(config, VehicleDataTranslator::equipment));
    }

    /**
     * One section, read on its own: should a value we did not foresee still break its reader, that
     * section is unknown and the rest of the snapshot stands.
     */
    private static <T> T section(JsonObject wire, Function<JsonObject, T> reader) {
        try {
            return reader.apply(wire);
        } catch (RuntimeException unforeseen) {
            LOG.warning("A vehicle_data section could not be read (" + unforeseen.getClass().getSimpleName()
                    + "); its values are unknown in this snapshot.");
            return reader.apply(JsonValue.EMPTY_JSON_OBJECT);
        }
    }

    private static VehicleSnapshot.Charge charge(JsonObject c) {
        String latch = text(c, "charge_port_latch");
        Boolean latchEngaged = latch == null ? null
                : latch.equalsIgnoreCase("Engaged") ? Boolean.TRUE
                : latch.equalsIgnoreCase("Disengaged") ? Boolean.FALSE : null;
        return new VehicleSnapshot.Charge(
                number(c, "battery_level"),
                number(c, "usable_battery_level"),
                scaled(c, "battery_range", KM_PER_MILE),
                scaled(c, "ideal_battery_range", KM_PER_MILE),
                scaled(c, "est_battery_range", KM_PER_MILE),
                number(c, "charge_limit_soc"),
                number(c, "charge_energy_added"),
                scaled(c, "charge_miles_added_rated", KM_PER_MILE),
                scaled(c, "charge_miles_added_ideal", KM_PER_MILE),
                scaled(c, "charge_rate", KM_PER_MILE),
                number(c, "charger_power"),
                number(c, "charger_voltage"),
                number(c, "charger_actual_current"),
                number(c, "charger_pilot_current"),
                number(c, "charge_current_request"),
                number(c, "charge_current_request_max"),
                number(c, "charger_phases"),
                number(c, "time_to_full_charge"),
                number(c, "minutes_to_full_charge"),
                bool(c, "charge_port_door_open"),
                latchEngaged,
                bool(c, "battery_heater_on"),
                bool(c, "scheduled_charging_pending"),
                bool(c, "fast_charger_present"),
                supercharger(c),
                ChargingState.fromTesla(text(c, "charging_state")),
                number(c, "energy_remaining"),
                number(c, "lifetime_energy_used"),
                number(c, "module_temp_min"),
                number(c, "module_temp_max"));
    }

    /**
     * Whether the fast charger is Tesla's own: its brand is "Tesla" (how TeslaMate's users tell a Supercharger);
     * unknown while no fast charger names a brand ({@code "<invalid>"}, empty, absent).
     */
    private static Boolean supercharger(JsonObject c) {
        String brand = text(c, "fast_charger_brand");
        if (brand == null || !Boolean.TRUE.equals(bool(c, "fast_charger_present"))) {
            return null;
        }
        return brand.trim().equalsIgnoreCase("Tesla");
    }

    private static VehicleSnapshot.Climate climate(JsonObject c) {
        return new VehicleSnapshot.Climate(
                number(c, "inside_temp"),
                number(c, "outside_temp"),
                number(c, "driver_temp_setting"),
                number(c, "passenger_temp_setting"),
                bool(c, "is_climate_on"),
                bool(c, "is_preconditioning"),
                bool(c, "is_auto_conditioning_on"),
                bool(c, "is_front_defroster_on"),
                bool(c, "is_rear_defroster_on"),
                number(c, "fan_status"),
                number(c, "defrost_mode"),
                number(c, "steering_wheel_heat_level"),
                collect(SEATS, c, VehicleDataTranslator::seatLevel));
    }

    /** Levels 0–3 now; 2018 firmware sent booleans: {@code false} is level 0, {@code true} an unknown level. */
    private static Double seatLevel(JsonObject c, String key) {
        if (c.get(key) == JsonValue.FALSE) {
            return 0.0;
        }
        return number(c, key);
    }

    private static VehicleSnapshot.Drive drive(JsonObject d) {
        Double lat = number(d, "latitude");
        Double lon = number(d, "longitude");
        // Only WGS84 native coordinates may stand in for missing ones: Chinese cars report GCJ-02.
        if ((lat == null || lon == null) && "wgs".equalsIgnoreCase(text(d, "native_type"))) {
            lat = number(d, "native_latitude");
            lon = number(d, "native_longitude");
        }
        if (lat == null || lon == null || (lat == 0 && lon == 0)) {
            lat = null;
            lon = null;
        }
        String wireShift = text(d, "shift_state");
        Gear shift = Gear.fromTesla(wireShift);
        Double speed = scaled(d, "speed", KM_PER_MILE);
        if (shift == null && wireShift == null && !d.isEmpty() && (speed == null || speed == 0)) {
            // A parked car sends shift_state null most of its life. TeslaMate, the best-known logger, reads
            // that as P, and so did the earlier exporter: P, as long as drive_state came and nothing moves.
            shift = Gear.P;
        }
        return new VehicleSnapshot.Drive(
                lat, lon,
                number(d, "heading"),
                speed,
                scaled(d, "power", 1000),
                shift,
                epochSeconds(d, "gps_as_of"));
    }

    private static VehicleSnapshot.Body body(JsonObject s) {
        JsonObject speedLimit = object(s, "speed_limit_mode");
        return new VehicleSnapshot.Body(
                scaled(s, "odometer", KM_PER_MILE),
                bool(s, "locked"),
                bool(s, "sentry_mode"),
                bool(s, "valet_mode"),
                bool(s, "is_user_present"),
                bool(s, "remote_start"),
                bool(speedLimit, "active"),
                number(s, "center_display_state"),
                // Tesla's documented name (and every recorded answer of a car with a sun roof); one recorded
                // answer (through Home Assistant) spells it with a prefix, so that spelling is read too
                Optional.ofNullable(number(s, "sun_roof_percent_open")).orElse(number(s, "vehicle_state_sun_roof_percent_open")),
                collect(DOORS, s, WireValues::bool),
                collect(TRUNKS, s, WireValues::bool),
                collect(WINDOWS, s, WireValues::bool));
    }

    private static VehicleSnapshot.Tyres tyres(JsonObject s) {
        Map<String, Double> recommended = new LinkedHashMap<>();
        putIfKnown(recommended, "front", number(s, "tpms_rcp_front_value"));
        putIfKnown(recommended, "rear", number(s, "tpms_rcp_rear_value"));
        return new VehicleSnapshot.Tyres(
                collect(prefixed("tpms_pressure_"), s, WireValues::number),
                Collections.unmodifiableMap(recommended),
                collect(prefixed("tpms_soft_warning_"), s, WireValues::bool),
                collect(prefixed("tpms_hard_warning_"), s, WireValues::bool),
                collect(prefixed("tpms_last_seen_pressure_time_"), s, WireValues::epochSeconds));
    }

    private static VehicleSnapshot.Software software(JsonObject s) {
        JsonObject update = object(s, "software_update");
        boolean updateKnown = WireValues.has(s, "software_update");
        String status = text(update, "status");
        String version = WireValues.version(update, "version");
        return new VehicleSnapshot.Software(
                WireValues.version(s, "car_version"),
                updateKnown ? status != null : null,
                status,
                version,
                number(update, "download_perc"),
                number(update, "install_perc"));
    }

    private static VehicleSnapshot.Equipment equipment(JsonObject c) {
        return new VehicleSnapshot.Equipment(
                text(c, "car_type"), text(c, "trim_badging"), text(c, "exterior_color"),
                text(c, "wheel_type"), text(c, "driver_assist"));
    }

    /** The newest of the sections' own timestamps: when the car last produced this data. */
    private static Instant carTimestamp(JsonObject... sections) {
        Instant newest = null;
        for (JsonObject section : sections) {
            Instant t = epochMillis(section, "timestamp");
            if (t != null && (newest == null || t.isAfter(newest))) {
                newest = t;
            }
        }
        return newest;
    }

    private static <T> Map<String, T> collect(Map<String, String> labelToField, JsonObject o,
            BiFunction<JsonObject, String, T> reader) {
        Map<String, T> result = new LinkedHashMap<>();
        labelToField.forEach((label, field) -> putIfKnown(result, label, reader.apply(o, field)));
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, String> prefixed(String prefix) {
        Map<String, String> fields = new LinkedHashMap<>();
        TYRES.forEach((label, suffix) -> fields.put(label, prefix + suffix));
        return fields;
    }

    private static <T> void putIfKnown(Map<String, T> map, String key, T value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
