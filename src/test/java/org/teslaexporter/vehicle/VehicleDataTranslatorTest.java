package org.teslaexporter.vehicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.teslaexporter.Fixtures;

class VehicleDataTranslatorTest {

    private static final double MI = VehicleDataTranslator.KM_PER_MILE;
    private final VehicleDataTranslator translator = new VehicleDataTranslator();

    /** A numeric wire field, where our model holds it, and the factor to our unit. */
    record NumberRule(String section, String field, Function<VehicleSnapshot, Double> model, double factor) {
    }

    record BoolRule(String section, String field, Function<VehicleSnapshot, Boolean> model) {
    }

    static final List<NumberRule> NUMBERS = List.of(
            new NumberRule("charge_state", "battery_level", s -> s.charge().batteryLevelPercent(), 1),
            new NumberRule("charge_state", "usable_battery_level", s -> s.charge().usableBatteryLevelPercent(), 1),
            new NumberRule("charge_state", "battery_range", s -> s.charge().ratedRangeKm(), MI),
            new NumberRule("charge_state", "ideal_battery_range", s -> s.charge().idealRangeKm(), MI),
            new NumberRule("charge_state", "est_battery_range", s -> s.charge().estimatedRangeKm(), MI),
            new NumberRule("charge_state", "charge_limit_soc", s -> s.charge().chargeLimitPercent(), 1),
            new NumberRule("charge_state", "charge_energy_added", s -> s.charge().energyAddedKwh(), 1),
            new NumberRule("charge_state", "charge_miles_added_rated", s -> s.charge().rangeAddedRatedKm(), MI),
            new NumberRule("charge_state", "charge_rate", s -> s.charge().chargeRateKmh(), MI),
            new NumberRule("charge_state", "charger_power", s -> s.charge().chargerPowerKw(), 1),
            new NumberRule("charge_state", "charger_voltage", s -> s.charge().chargerVoltageVolts(), 1),
            new NumberRule("charge_state", "charger_actual_current", s -> s.charge().chargerActualCurrentAmps(), 1),
            new NumberRule("charge_state", "charger_phases", s -> s.charge().chargerPhases(), 1),
            new NumberRule("charge_state", "time_to_full_charge", s -> s.charge().timeToFullHours(), 1),
            new NumberRule("charge_state", "minutes_to_full_charge", s -> s.charge().minutesToFull(), 1),
            new NumberRule("climate_state", "inside_temp", s -> s.climate().insideTempCelsius(), 1),
            new NumberRule("climate_state", "outside_temp", s -> s.climate().outsideTempCelsius(), 1),
            new NumberRule("climate_state", "driver_temp_setting", s -> s.climate().driverSettingCelsius(), 1),
            new NumberRule("climate_state", "fan_status", s -> s.climate().fanStatus(), 1),
            new NumberRule("drive_state", "speed", s -> s.drive().speedKmh(), MI),
            new NumberRule("drive_state", "power", s -> s.drive().powerWatts(), 1000),
            new NumberRule("drive_state", "heading", s -> s.drive().headingDegrees(), 1),
            new NumberRule("vehicle_state", "odometer", s -> s.body().odometerKm(), MI),
            new NumberRule("vehicle_state", "center_display_state", s -> s.body().centerDisplayState(), 1),
            new NumberRule("vehicle_state", "tpms_pressure_fl", s -> s.tyres().pressureBar().get("front_left"), 1),
            new NumberRule("vehicle_state", "tpms_pressure_rr", s -> s.tyres().pressureBar().get("rear_right"), 1));

    static final List<BoolRule> BOOLEANS = List.of(
            new BoolRule("charge_state", "charge_port_door_open", s -> s.charge().chargePortDoorOpen()),
            new BoolRule("charge_state", "battery_heater_on", s -> s.charge().batteryHeaterOn()),
            new BoolRule("charge_state", "scheduled_charging_pending", s -> s.charge().scheduledChargingPending()),
            new BoolRule("climate_state", "is_climate_on", s -> s.climate().climateOn()),
            new BoolRule("climate_state", "is_preconditioning", s -> s.climate().preconditioning()),
            new BoolRule("vehicle_state", "locked", s -> s.body().locked()),
            new BoolRule("vehicle_state", "sentry_mode", s -> s.body().sentryMode()),
            new BoolRule("vehicle_state", "is_user_present", s -> s.body().userPresent()),
            new BoolRule("vehicle_state", "df", s -> s.body().doorsOpen().get("driver_front")),
            new BoolRule("vehicle_state", "rt", s -> s.body().trunksOpen().get("rear")),
            new BoolRule("vehicle_state", "fp_window", s -> s.body().windowsOpen().get("passenger_front")));

    @TestFactory
    Stream<DynamicTest> everySharedVehicleDataFixtureTranslatesFieldByField() {
        return Fixtures.sharedNames("vehicle_data").stream()
                .map(name -> dynamicTest(name, () -> assertTranslatedFieldByField(Fixtures.json(Fixtures.shared(name)))));
    }

    @TestFactory
    Stream<DynamicTest> ownFixturesTranslateFieldByField() {
        return Stream.of("vehicle_data.driving.json", "vehicle_data.charging_odd.json")
                .map(name -> dynamicTest(name, () -> assertTranslatedFieldByField(Fixtures.json(Fixtures.own(name)))));
    }

    /** Each rule: a finite wire number becomes number × factor; anything else (null, missing, text) is unknown. */
    private void assertTranslatedFieldByField(JsonObject answer) {
        JsonObject data = translator.response(answer).orElseThrow();
        VehicleSnapshot snapshot = translator.snapshot(data);
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (NumberRule rule : NUMBERS) {
            Double expected = expectedNumber(section(data, rule.section()).get(rule.field()), rule.factor());
            Double actual = rule.model().apply(snapshot);
            checks.add(() -> {
                if (expected == null) {
                    assertThat(actual).as(rule.field() + " unknown, so absent").isNull();
                } else {
                    assertThat(actual).as(rule.field()).isNotNull().isCloseTo(expected, within(1e-9));
                }
            });
        }
        for (BoolRule rule : BOOLEANS) {
            JsonValue raw = section(data, rule.section()).get(rule.field());
            Boolean expected = raw == JsonValue.TRUE ? Boolean.TRUE : raw == JsonValue.FALSE ? Boolean.FALSE
                    : raw instanceof JsonNumber n ? n.doubleValue() != 0 : null;
            checks.add(() -> assertThat(rule.model().apply(snapshot)).as(rule.field()).isEqualTo(expected));
        }
        assertAll(checks);
    }

    private static JsonObject section(JsonObject data, String name) {
        return data.get(name) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static Double expectedNumber(JsonValue raw, double factor) {
        if (raw instanceof JsonNumber n) {
            return n.doubleValue() * factor;
        }
        if (raw instanceof JsonString s && s.getString().strip().matches("-?\\d+(\\.\\d+)?")) {
            return Double.parseDouble(s.getString().strip()) * factor;
        }
        return null;
    }

    @Test
    void parkedPluggedCarConvertsUnitsAndLeavesUnknownSpeedAbsentAndShowsP() {
        VehicleSnapshot s = snapshot(Fixtures.shared("vehicle_data.parked_plugged.ha.json"));
        assertThat(s.charge().ratedRangeKm()).isCloseTo(429.48, within(0.01));      // 266.87 mi
        assertThat(s.body().odometerKm()).isCloseTo(10430.19, within(0.01));        // 6481.02 mi
        assertThat(s.drive().powerWatts()).isEqualTo(-7000.0);                      // -7 kW, not -7 W
        assertThat(s.drive().speedKmh()).isNull();                                  // null when parked: absent, not 0
        assertThat(s.drive().shiftState()).as("null shift state while standing = parked, as TeslaMate reads it").isEqualTo(Gear.P);
        assertThat(s.charge().chargingState()).isEqualTo(ChargingState.STOPPED);
        assertThat(s.charge().chargerPhases()).isNull();
        assertThat(s.tyres().pressureBar()).containsEntry("front_right", 2.8).hasSize(4);
        assertThat(s.software().version()).isEqualTo("2023.44.30.8 06f534d46010");
        assertThat(s.software().updateAvailable()).isTrue();
        assertThat(s.software().updateVersion()).isEqualTo("2024.12.0.0");
        assertThat(s.equipment().exteriorColor()).isEqualTo("DeepBlue");
        assertThat(s.displayName()).isEqualTo("Test");
        assertThat(s.carTimestamp()).isEqualTo(Instant.ofEpochMilli(1705707520649L));
        assertThat(s.climate().seatHeaterLevels()).containsOnlyKeys(
                "front_left", "front_right", "rear_left", "rear_center", "rear_right");
    }

    @Test
    void oddValuesAreUnknownNotZero() {
        VehicleSnapshot s = snapshot(Fixtures.shared("vehicle_data.odd_values.ha.json"));
        assertThat(s.charge().minutesToFull()).isNull();                            // "bad value"
        assertThat(s.charge().batteryLevelPercent()).isEqualTo(77.0);
    }

    @Test
    void firmware2018SeatHeaterBooleansAndMissingTyreSensors() {
        VehicleSnapshot s = snapshot(Fixtures.shared("vehicle_data.real_charging_2018.recorded.json"));
        assertThat(s.climate().seatHeaterLevels()).containsEntry("front_left", 0.0)
                .containsEntry("rear_left_back", 0.0);
        assertThat(s.tyres().pressureBar()).isEmpty();
        assertThat(s.charge().chargingState()).isEqualTo(ChargingState.CHARGING);
        assertThat(s.charge().chargerPowerKw()).isNotNull();
    }

    @Test
    void ownChargingFixtureKeepsOnlyWhatIsKnown() {
        VehicleSnapshot s = snapshot(Fixtures.own("vehicle_data.charging_odd.json"));
        assertThat(s.charge().chargingState()).isEqualTo(ChargingState.STARTING);
        assertThat(s.charge().ratedRangeKm()).isNull();
        assertThat(s.charge().idealRangeKm()).isNull();
        assertThat(s.charge().usableBatteryLevelPercent()).isNull();
        assertThat(s.charge().chargePortLatchEngaged()).isNull();
        assertThat(s.charge().scheduledChargingPending()).isNull();
        assertThat(s.climate().outsideTempCelsius()).isNull();
        assertThat(s.climate().seatHeaterLevels()).containsExactly(Map.entry("front_left", 0.0), Map.entry("rear_left", 0.0));
        assertThat(s.drive().latitude()).as("GCJ-02 native coordinates are not WGS84").isNull();
        assertThat(s.drive().shiftState()).as("the \"\" placeholder while standing is P").isEqualTo(Gear.P);
        assertThat(s.tyres().pressureBar()).containsOnlyKeys("front_left", "front_right");
        assertThat(s.software().updateAvailable()).isFalse();
        assertThat(s.software().updateVersion()).isNull();
        assertThat(s.equipment().exteriorColor()).isNull();
        assertThat(s.displayName()).isEqualTo("Garage \"Büro\" \\ 2");
        assertThat(s.carTimestamp()).isEqualTo(Instant.ofEpochMilli(1760000100000L));
    }

    /** Tesla's documented name (real answers of 2018 and 2020, the docs) and the prefixed one of a Home Assistant recording. */
    @Test
    void theSunRoofIsReadUnderEitherName() {
        assertThat(snapshot(Fixtures.shared("vehicle_data.docs_sample.json")).body().sunRoofPercentOpen()).isEqualTo(5.0);
        assertThat(snapshot(Fixtures.shared("vehicle_data.real_complete_2020.recorded.json")).body().sunRoofPercentOpen())
                .isEqualTo(0.0);
        assertThat(snapshot(Fixtures.shared("vehicle_data.parked_plugged.ha.json")).body().sunRoofPercentOpen()).isEqualTo(20.0);
    }

    @Test
    void ownDrivingFixture() {
        VehicleSnapshot s = snapshot(Fixtures.own("vehicle_data.driving.json"));
        assertThat(s.drive().speedKmh()).isCloseTo(99.779, within(0.001));         // 62 mph
        assertThat(s.drive().powerWatts()).isEqualTo(35000.0);
        assertThat(s.drive().shiftState()).isEqualTo(Gear.D);
        assertThat(s.drive().gpsTimestamp()).isEqualTo(Instant.ofEpochSecond(1759999999));
        assertThat(s.body().windowsOpen()).containsEntry("passenger_front", true).containsEntry("driver_front", false);
        assertThat(s.tyres().lastSeen()).containsEntry("rear_right", Instant.ofEpochSecond(1759999003));
        assertThat(s.software().updateStatus()).isEqualTo("downloading");
        assertThat(s.body().sunRoofPercentOpen()).isNull();
        assertThat(s.charge().fastChargerPresent()).isFalse();
    }

    @Test
    void nativeWgsCoordinatesStandInWhenLatitudeIsMissing() {
        JsonObject data = Fixtures.json("""
                {"drive_state": {"native_type": "wgs", "native_latitude": 51.0, "native_longitude": 6.0}}""");
        VehicleSnapshot s = translator.snapshot(data);
        assertThat(s.drive().latitude()).isEqualTo(51.0);
        assertThat(s.drive().longitude()).isEqualTo(6.0);
    }

    @Test
    void firmwareWithoutLocationDataHasNoPosition() {
        for (String name : Fixtures.sharedNames("drive_state.no_location")) {
            JsonObject drive = Fixtures.json(Fixtures.shared(name));
            JsonObject data = Fixtures.json("{\"drive_state\": " + unwrap(drive) + "}");
            assertThat(translator.snapshot(data).drive().latitude()).as(name).isNull();
        }
    }

    @Test
    void chineseCarReportsGearButNoInventedPosition() {
        JsonObject drive = Fixtures.json(Fixtures.shared("drive_state.china_gcj_shift_R.json"));
        VehicleSnapshot s = translator.snapshot(Fixtures.json("{\"drive_state\": " + unwrap(drive) + "}"));
        assertThat(s.drive().shiftState()).isEqualTo(Gear.R);
    }

    @Test
    void vehicleListKeepsRealVinsAndSkipsPlaceholders() {
        assertThat(translator.vehicles(Fixtures.json(Fixtures.shared("vehicles.real_online_2023.json"))).orElseThrow())
                .containsExactly(new VehicleSummary("LRWYGCEK2MC139168", "Tessie", OnlineState.ONLINE));
        assertThat(translator.vehicles(Fixtures.json(Fixtures.shared("vehicles.asleep.json"))).orElseThrow())
                .as("\"<vin>\" is a placeholder, not a VIN").isEmpty();
        assertThat(translator.vehicles(Fixtures.json("{\"response\": null}"))).isEmpty();
    }

    @Test
    void tessieEnvelopeCarriesTheSameVehicleDataShape() {
        JsonObject tessie = Fixtures.json(Fixtures.shared("tessie_vehicles.charging.ha.json"));
        JsonObject lastState = tessie.getJsonArray("results").getJsonObject(0).getJsonObject("last_state");
        VehicleSnapshot s = translator.snapshot(lastState);
        assertThat(s.charge().chargingState()).isEqualTo(ChargingState.CHARGING);
        assertThat(s.charge().chargerPhases()).isEqualTo(1.0);
    }

    private static String unwrap(JsonObject maybeEnvelope) {
        JsonObject o = maybeEnvelope.get("response") instanceof JsonObject r ? r : maybeEnvelope;
        return (o.get("drive_state") instanceof JsonObject d ? d : o).toString();
    }

    private VehicleSnapshot snapshot(String json) {
        return translator.snapshot(translator.response(Fixtures.json(json)).orElseThrow());
    }

    @Test
    void anAbsurdValueIsUnknownAndTheRestOfTheSnapshotStands() {
        JsonObject data = Fixtures.json("""
                {"charge_state": {"battery_level": 64, "battery_range": 1.7e308, "timestamp": 1e300},
                 "drive_state": {"gps_as_of": 1e300, "latitude": 52.5, "longitude": 13.4, "speed": 1e308, "timestamp": -1e300},
                 "vehicle_state": {"odometer": 12000, "tpms_last_seen_pressure_time_fl": 9e18, "timestamp": 1732780800000}}
                """);
        VehicleSnapshot s = translator.snapshot(data);
        assertThat(s.charge().batteryLevelPercent()).isEqualTo(64.0);
        assertThat(s.charge().ratedRangeKm()).as("miles to km would overflow to infinity").isNull();
        assertThat(s.drive().latitude()).isEqualTo(52.5);
        assertThat(s.drive().speedKmh()).isNull();
        assertThat(s.carTimestamp()).isEqualTo(java.time.Instant.ofEpochMilli(1732780800000L));
    }

    @Test
    void aNullGearIsParkedOnlyWhileStandingAndOnlyWithDriveState() {
        assertThat(translator.snapshot(Fixtures.json("{\"drive_state\": {\"shift_state\": null, \"speed\": null}}"))
                .drive().shiftState()).isEqualTo(Gear.P);
        assertThat(translator.snapshot(Fixtures.json("{\"drive_state\": {\"shift_state\": null, \"speed\": 0}}"))
                .drive().shiftState()).isEqualTo(Gear.P);
        assertThat(translator.snapshot(Fixtures.json("{\"drive_state\": {\"shift_state\": null, \"speed\": 30}}"))
                .drive().shiftState()).as("moving without a gear: unknown").isNull();
        assertThat(translator.snapshot(Fixtures.json("{\"charge_state\": {\"battery_level\": 50}}"))
                .drive().shiftState()).as("no drive_state at all: unknown").isNull();
        assertThat(translator.snapshot(Fixtures.json("{\"drive_state\": {\"shift_state\": \"D\", \"speed\": null}}"))
                .drive().shiftState()).isEqualTo(Gear.D);
    }

    @Test
    void aCarNameCannotForgeALogLineNorGrowWithoutEnd() {
        var vehicle = jakarta.json.Json.createObjectBuilder().add("vin", "5YJ3E1EA7KF000001")
                .add("display_name", "Blue\n2026-12-01T00:00:00 SEVERE fake: " + "y".repeat(200)).add("state", "online").build();
        String name = new VehicleDataTranslator().summary(vehicle).orElseThrow().displayName();
        assertThat(name).doesNotContain("\n").startsWith("Blue2026-12-01").hasSize(64);
    }
}
