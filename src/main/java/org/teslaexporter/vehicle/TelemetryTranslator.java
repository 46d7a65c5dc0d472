package org.teslaexporter.vehicle;

import static org.teslaexporter.vehicle.VehicleDataTranslator.KM_PER_MILE;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Fleet Telemetry's streamed fields, as the fleet-telemetry server's MQTT dispatcher publishes them
 * ({@code <base>/<VIN>/v/<Field>}, the value alone as JSON), turned into the same snapshot values as
 * {@link VehicleDataTranslator} makes of a {@code vehicle_data} answer, in our units: the stream uses
 * the REST API's units (miles, mph, °C, bar). Types drift between firmware versions, so every value
 * is read leniently: numbers may come as strings, booleans as numbers, enums with their type's prefix
 * ({@code DetailedChargeStateCharging}); {@code null}, garbage and unknown enum values are unknown.
 * <p>
 * Fields only the stream has (pack voltage and current, brick voltages, regenerated energy, the TPMS
 * warning masks, AC/DC charging power) are {@link StreamExtras}.
 */
public final class TelemetryTranslator {

    /** What one field did to the vehicle. */
    public enum Outcome {
        /** Understood and applied (the value may be unknown: then its series is absent). */
        APPLIED,
        /** A field Tesla sends that the exporter does not publish. */
        IGNORED,
        /** A field name the exporter does not know. */
        UNKNOWN
    }

    /** The result: the vehicle after the field, and what happened. */
    public record Result(TrackedVehicle vehicle, Outcome outcome) {
    }

    @FunctionalInterface
    private interface Apply {
        TrackedVehicle apply(TrackedVehicle v, JsonValue value, Instant at);
    }

    /** Fields of Tesla's list (protos/vehicle_data.proto) that the exporter receives but does not publish. */
    static final Set<String> IGNORED = Set.of("EstimatedHoursToChargeTermination", "ChargingCableType",
            "ScheduledChargingStartTime", "IsolationResistance", "LateralAcceleration", "LongitudinalAcceleration",
            "CruiseSetSpeed", "MilesToArrival", "MinutesToArrival", "DestinationName", "LocatedAtHome", "LocatedAtWork",
            "HvacACEnabled", "ClimateKeeperMode", "CabinOverheatProtectionMode", "GuestModeEnabled", "ServiceMode",
            "CarType", "Trim", "ExteriorColor", "SoftwareUpdateExpectedDurationMinutes", "TpmsLastSeenPressureTimeFl",
            "TpmsLastSeenPressureTimeFr", "TpmsLastSeenPressureTimeRl", "TpmsLastSeenPressureTimeRr");

    private static final Map<String, Apply> FIELDS = new HashMap<>();

    static {
        // --- battery and charging ---
        number("BatteryLevel", "charge.batteryLevelPercent", 1);
        number("Soc", "charge.usableBatteryLevelPercent", 1);
        number("RatedRange", "charge.ratedRangeKm", KM_PER_MILE);
        number("EstBatteryRange", "charge.estimatedRangeKm", KM_PER_MILE);
        number("IdealBatteryRange", "charge.idealRangeKm", KM_PER_MILE);
        number("ChargeLimitSoc", "charge.chargeLimitPercent", 1);
        number("EnergyRemaining", "charge.energyRemainingKwh", 1);
        number("LifetimeEnergyUsed", "charge.lifetimeEnergyUsedKwh", 1);
        number("ModuleTempMax", "charge.moduleTempMaxCelsius", 1);
        number("ModuleTempMin", "charge.moduleTempMinCelsius", 1);
        number("ChargerVoltage", "charge.chargerVoltageVolts", 1);
        number("ChargeAmps", "charge.chargerActualCurrentAmps", 1);
        number("ChargerPhases", "charge.chargerPhases", 1);
        number("ChargeCurrentRequest", "charge.chargeCurrentRequestAmps", 1);
        number("ChargeCurrentRequestMax", "charge.chargeCurrentRequestMaxAmps", 1);
        FIELDS.put("TimeToFullCharge", (v, value, at) -> {
            Double hours = WireValues.number(value);
            return snapshot(snapshot(v, at, "charge.timeToFullHours", hours), at, "charge.minutesToFull",
                    hours == null ? null : hours * 60);
        });
        bool("ChargePortDoorOpen", "charge.chargePortDoorOpen");
        bool("FastChargerPresent", "charge.fastChargerPresent");
        // Tesla's own fast charger is a Supercharger; AC and MC "single wire CAN" are Tesla's AC connectors, not fast chargers
        state("FastChargerType", "charge.superchargerPresent", "FastCharger", Map.of("Supercharger", true, "CHAdeMO", false,
                "GB", false, "Combo", false, "Other", false, "ACSingleWireCAN", false, "MCSingleWireCAN", false));
        bool("BatteryHeaterOn", "charge.batteryHeaterOn");
        bool("ScheduledChargingPending", "charge.scheduledChargingPending");
        state("ChargePortLatch", "charge.chargePortLatchEngaged", "ChargePortLatch",
                Map.of("Engaged", true, "Disengaged", false, "Blocking", false));
        Map<String, Object> charging = new HashMap<>();
        for (ChargingState s : ChargingState.values()) {
            charging.put(s.label(), s);
        }
        state("DetailedChargeState", "charge.chargingState", "DetailedChargeState", charging);
        state("ChargeState", "charge.chargingState", "ChargeState", charging);     // firmware before DetailedChargeState
        // AC and DC arrive as separate fields; the published charger power and energy are their sum
        summed("ACChargingPower", "acChargingPowerKw", "dcChargingPowerKw", "charge.chargerPowerKw");
        summed("DCChargingPower", "dcChargingPowerKw", "acChargingPowerKw", "charge.chargerPowerKw");
        summed("ACChargingEnergyIn", "acChargingEnergyKwh", "dcChargingEnergyKwh", "charge.energyAddedKwh");
        summed("DCChargingEnergyIn", "dcChargingEnergyKwh", "acChargingEnergyKwh", "charge.energyAddedKwh");
        extra("PackVoltage", "packVoltageVolts");
        extra("PackCurrent", "packCurrentAmps");
        extra("BrickVoltageMax", "brickVoltageMaxVolts");
        extra("BrickVoltageMin", "brickVoltageMinVolts");
        extra("LifetimeEnergyGainedRegen", "lifetimeEnergyRegenKwh");
        extra("TpmsHardWarnings", "tpmsHardWarnings");
        extra("TpmsSoftWarnings", "tpmsSoftWarnings");

        // --- drive and position ---
        number("VehicleSpeed", "drive.speedKmh", KM_PER_MILE);
        number("GpsHeading", "drive.headingDegrees", 1);
        number("Odometer", "body.odometerKm", KM_PER_MILE);
        FIELDS.put("Gear", (v, value, at) -> snapshot(v, at, "drive.shiftState", gear(value, v)));
        FIELDS.put("Location", (v, value, at) -> {
            JsonObject o = value instanceof JsonObject j ? j : JsonValue.EMPTY_JSON_OBJECT;
            Double lat = WireValues.number(o.get("latitude"));
            Double lon = WireValues.number(o.get("longitude"));
            boolean valid = lat != null && lon != null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
            return snapshot(snapshot(v, at, "drive.latitude", valid ? lat : null), at, "drive.longitude", valid ? lon : null);
        });

        // --- climate ---
        number("InsideTemp", "climate.insideTempCelsius", 1);
        number("OutsideTemp", "climate.outsideTempCelsius", 1);
        number("HvacLeftTemperatureRequest", "climate.driverSettingCelsius", 1);
        number("HvacRightTemperatureRequest", "climate.passengerSettingCelsius", 1);
        number("HvacFanSpeed", "climate.fanStatus", 1);
        bool("PreconditioningEnabled", "climate.preconditioning");
        state("HvacPower", "climate.climateOn", "HvacPowerState",
                Map.of("Off", false, "On", true, "Precondition", true, "OverheatProtect", true));
        state("HvacAutoMode", "climate.autoConditioningOn", "HvacAutoModeState", Map.of("On", true, "Off", false, "Override", false));
        state("DefrostMode", "climate.defrostMode", "DefrostModeState", Map.of("Off", 0.0, "Normal", 1.0, "Max", 2.0, "AutoDefog", 3.0));
        // the REST API's levels: 0 off, 1 low, 3 high
        state("HvacSteeringWheelHeatLevel", "climate.steeringWheelHeatLevel", "HvacSteeringWheelHeatLevel",
                Map.of("Off", 0.0, "Low", 1.0, "High", 3.0));
        seat("SeatHeaterLeft", "front_left");
        seat("SeatHeaterRight", "front_right");
        seat("SeatHeaterRearLeft", "rear_left");
        seat("SeatHeaterRearRight", "rear_right");
        seat("SeatHeaterRearCenter", "rear_center");

        // --- body and security ---
        bool("Locked", "body.locked");
        bool("ValetModeEnabled", "body.valetMode");
        bool("DriverSeatOccupied", "body.userPresent");
        state("SentryMode", "body.sentryMode", "SentryModeState",
                Map.of("Off", false, "Idle", true, "Armed", true, "Aware", true, "Panic", true, "Quiet", true));
        // the REST API's numbers for center_display_state
        state("CenterDisplay", "body.centerDisplayState", "DisplayState", Map.of("Off", 0.0, "Dim", 2.0, "Accessory", 2.0,
                "On", 4.0, "Driving", 4.0, "Charging", 3.0, "Lock", 6.0, "Sentry", 7.0, "Dog", 8.0, "Entertainment", 9.0));
        window("FdWindow", "driver_front");
        window("FpWindow", "passenger_front");
        window("RdWindow", "driver_rear");
        window("RpWindow", "passenger_rear");
        FIELDS.put("DoorState", (v, value, at) -> {
            JsonObject o = value instanceof JsonObject j ? j : JsonValue.EMPTY_JSON_OBJECT;
            VehicleSnapshot s = base(v);
            for (Map.Entry<String, String> door : Map.of("DriverFront", "driver_front", "PassengerFront", "passenger_front",
                    "DriverRear", "driver_rear", "PassengerRear", "passenger_rear").entrySet()) {
                s = RecordPaths.put(s, "body.doorsOpen", door.getValue(), WireValues.bool(o.get(door.getKey())));
            }
            s = RecordPaths.put(s, "body.trunksOpen", "front", WireValues.bool(o.get("TrunkFront")));
            s = RecordPaths.put(s, "body.trunksOpen", "rear", WireValues.bool(o.get("TrunkRear")));
            return streamed(v, s, at);
        });

        // --- tyres (bar, as in the REST API) ---
        tyre("TpmsPressureFl", "front_left");
        tyre("TpmsPressureFr", "front_right");
        tyre("TpmsPressureRl", "rear_left");
        tyre("TpmsPressureRr", "rear_right");

        // --- software and name ---
        // label values: a name is cleaned and capped, a version must look like one of Tesla's (WireValues)
        text("Version", "software.version", WireValues::version);
        text("VehicleName", "displayName", WireValues::name);
        FIELDS.put("SoftwareUpdateVersion", (v, value, at) -> {
            String version = WireValues.version(value);
            // an empty string: no update; a version: one is available; anything else: unknown
            Boolean available = !(value instanceof JsonString) ? null : WireValues.text(value) == null ? Boolean.FALSE
                    : version != null ? Boolean.TRUE : null;
            return snapshot(snapshot(v, at, "software.updateVersion", version), at, "software.updateAvailable", available);
        });
        number("SoftwareUpdateDownloadPercentComplete", "software.updateDownloadPercent", 1);
        number("SoftwareUpdateInstallationPercentComplete", "software.updateInstallPercent", 1);
    }

    private static final VehicleSnapshot EMPTY = new VehicleDataTranslator().snapshot(JsonValue.EMPTY_JSON_OBJECT);

    /**
     * Applies one streamed field that arrived at {@code at} to the vehicle. A field of Tesla's list
     * counts as a signal (the stream is alive, and Tesla bills it) even when it is not published; a
     * name that is not on the list changes nothing, not even the time of the last signal: whoever
     * can publish to the broker must not keep a car "streaming" with made-up fields.
     */
    public Result field(TrackedVehicle vehicle, String field, JsonValue value, Instant at) {
        Apply apply = FIELDS.get(field);
        if (apply == null) {
            return IGNORED.contains(field) ? new Result(vehicle.withSignal(at), Outcome.IGNORED) : new Result(vehicle, Outcome.UNKNOWN);
        }
        return new Result(apply.apply(vehicle, value, at).withSignal(at), Outcome.APPLIED);
    }

    /**
     * A connectivity message, {@code {"ConnectionId": …, "Status": "CONNECTED" | "DISCONNECTED", "CreatedAt": …}}:
     * whether the car is connected to the telemetry server, or null when it is not such a message.
     */
    public static Boolean connected(JsonValue value) {
        String status = value instanceof JsonObject o && o.get("Status") instanceof JsonString s
                ? s.getString().strip().toUpperCase(Locale.ROOT) : "";
        return switch (status) {
            case "CONNECTED" -> Boolean.TRUE;
            case "DISCONNECTED" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * An alert, {@code {"StartedAt": …, "EndedAt": …, "Audiences": […]}}: active until it has an end;
     * null when it is not an alert object.
     */
    public static Boolean alertActive(JsonValue value) {
        if (!(value instanceof JsonObject o)) {
            return null;
        }
        JsonValue ended = o.get("EndedAt");
        return ended == null || ended == JsonValue.NULL || (ended instanceof JsonString s && s.getString().isBlank());
    }

    /** Every field name the translator publishes (for the car's configuration and the tests). */
    public static Set<String> published() {
        return Set.copyOf(FIELDS.keySet());
    }

    // --- the table's building blocks ---

    private static void number(String field, String path, double factor) {
        RecordPaths.check(path);
        FIELDS.put(field, (v, value, at) -> {
            Double d = WireValues.number(value);
            return snapshot(v, at, path, d == null || !Double.isFinite(d * factor) ? null : d * factor);
        });
    }

    private static void bool(String field, String path) {
        RecordPaths.check(path);
        FIELDS.put(field, (v, value, at) -> snapshot(v, at, path, WireValues.bool(value)));
    }

    private static void text(String field, String path, Function<JsonValue, String> read) {
        RecordPaths.check(path);
        FIELDS.put(field, (v, value, at) -> snapshot(v, at, path, read.apply(value)));
    }

    /** An enum sent as {@code <Prefix><Name>} (or bare {@code <Name>}); booleans and numbers are also read as such. */
    private static void state(String field, String path, String prefix, Map<String, Object> values) {
        RecordPaths.check(path);
        Function<JsonValue, Object> read = reading(prefix, values);
        FIELDS.put(field, (v, value, at) -> snapshot(v, at, path, read.apply(value)));
    }

    /** How {@link #state} reads a value: the enum's name, else a number or a boolean where the enum stands for one. */
    private static Function<JsonValue, Object> reading(String prefix, Map<String, Object> values) {
        boolean numeric = values.values().iterator().next() instanceof Double;
        boolean bool = values.values().iterator().next() instanceof Boolean;
        return value -> {
            Object mapped = enumValue(value, prefix, values);
            if (mapped == null && numeric) {
                mapped = WireValues.number(value);
            } else if (mapped == null && bool && !(value instanceof JsonString)) {
                mapped = WireValues.bool(value);
            }
            return mapped;
        };
    }

    private static void extra(String field, String name) {
        RecordPaths.checkComponent(StreamExtras.class, name);
        FIELDS.put(field, (v, value, at) -> {
            Double d = WireValues.number(value);
            if (d == null && WireValues.bool(value) != null) {
                d = WireValues.bool(value) ? 1.0 : 0.0;
            }
            return v.withExtra(name, d);
        });
    }

    private static void summed(String field, String own, String other, String path) {
        RecordPaths.check(path);
        RecordPaths.checkComponent(StreamExtras.class, own);
        RecordPaths.checkComponent(StreamExtras.class, other);
        FIELDS.put(field, (v, value, at) -> {
            TrackedVehicle with = v.withExtra(own, WireValues.number(value));
            Double a = with.streaming().extras().get(own);
            Double b = with.streaming().extras().get(other);
            Double sum = a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
            return snapshot(with, at, path, sum);
        });
    }

    private static void seat(String field, String seat) {
        entry(field, "climate.seatHeaterLevels", seat,
                reading("SeatHeaterLevel", Map.of("Off", 0.0, "Low", 1.0, "Med", 2.0, "High", 3.0)));
    }

    private static void window(String field, String window) {
        entry(field, "body.windowsOpen", window, reading("WindowState", Map.of("Closed", false, "PartiallyOpen", true, "Opened", true)));
    }

    private static void tyre(String field, String tyre) {
        entry(field, "tyres.pressureBar", tyre, value -> {
            Double bar = WireValues.number(value);
            return bar != null && bar >= 0 ? bar : null;
        });
    }

    /** One entry of a map in the snapshot ({@code tyres.pressureBar}, key {@code front_left}); unknown removes it. */
    private static void entry(String field, String path, String key, Function<JsonValue, Object> read) {
        RecordPaths.check(path);
        FIELDS.put(field, (v, value, at) -> streamed(v, RecordPaths.put(base(v), path, key, read.apply(value)), at));
    }

    /**
     * The gear. A car that reports no gear ({@code ShiftStateSNA}, {@code Invalid}) and no speed is
     * parked: the REST translator's rule, as the best-known loggers read a null shift state.
     */
    private static Gear gear(JsonValue value, TrackedVehicle v) {
        String text = WireValues.text(value);
        String name = text != null && text.startsWith("ShiftState") ? text.substring("ShiftState".length()) : text;
        boolean none = value == JsonValue.NULL || "SNA".equalsIgnoreCase(name) || "Invalid".equalsIgnoreCase(name);
        if (none) {
            Double speed = base(v).drive().speedKmh();
            return speed == null || speed == 0 ? Gear.P : null;
        }
        return Gear.fromTesla(name);
    }

    private static Object enumValue(JsonValue value, String prefix, Map<String, Object> values) {
        String text = WireValues.text(value);
        if (text == null) {
            return null;
        }
        String name = text.startsWith(prefix) ? text.substring(prefix.length()) : text;
        Object mapped = values.get(name);
        if (mapped == null) {
            for (Map.Entry<String, Object> e : values.entrySet()) {     // "on", "ON": the drift of hand-written enums
                if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return e.getValue();
                }
            }
        }
        return mapped;
    }

    private static VehicleSnapshot base(TrackedVehicle v) {
        return v.snapshot() == null ? EMPTY : v.snapshot();
    }

    private static TrackedVehicle snapshot(TrackedVehicle v, Instant at, String path, Object value) {
        return streamed(v, RecordPaths.set(base(v), path, value), at);
    }

    private static TrackedVehicle streamed(TrackedVehicle v, VehicleSnapshot s, Instant at) {
        return v.withStreamed(RecordPaths.set(s, "carTimestamp", at));
    }
}
