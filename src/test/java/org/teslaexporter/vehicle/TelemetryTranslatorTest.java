package org.teslaexporter.vehicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streamed fields become the REST translator's values, in our units; drift and garbage are unknown, never 0. */
class TelemetryTranslatorTest {

    private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");
    private final TelemetryTranslator translator = new TelemetryTranslator();
    private final TrackedVehicle car = new TrackedVehicle(new VehicleSummary("5YJ3E1EA7KF000001", "Blue", OnlineState.UNKNOWN), null, null);

    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private TrackedVehicle apply(String field, String payload) {
        return apply(car, field, payload);
    }

    private TrackedVehicle apply(TrackedVehicle v, String field, String payload) {
        return translator.field(v, field, json(payload), AT).vehicle();
    }

    /** Every field Tesla's list (shared docs) names is either published or knowingly ignored. */
    @Test
    void everyFieldOfTheSharedListIsPublishedOrKnowinglyIgnored() throws Exception {
        Path doc = Path.of("../shared/docs/fleet-telemetry.md");
        assumeTrue(Files.exists(doc), "NOTICE: ../shared/docs/fleet-telemetry.md absent: the field list check is skipped");
        String text = Files.readString(doc);
        String section = text.substring(text.indexOf("## Field names"), text.indexOf("Enum values"));
        Set<String> fields = new LinkedHashSet<>();
        Matcher m = Pattern.compile("([A-Z][A-Za-z]{2,})=\\d").matcher(section);
        while (m.find()) {
            fields.add(m.group(1));
        }
        if (section.contains("TpmsLastSeenPressureTimeFl..Rr")) {
            fields.addAll(Set.of("TpmsLastSeenPressureTimeFl", "TpmsLastSeenPressureTimeFr", "TpmsLastSeenPressureTimeRl",
                    "TpmsLastSeenPressureTimeRr"));
        }
        assertThat(fields).hasSizeGreaterThan(90);
        for (String field : fields) {
            TelemetryTranslator.Outcome outcome = translator.field(car, field, json("1"), AT).outcome();
            assertThat(outcome).as(field).isNotEqualTo(TelemetryTranslator.Outcome.UNKNOWN);
        }
        assertThat(translator.field(car, "NoSuchField", json("1"), AT).outcome()).isEqualTo(TelemetryTranslator.Outcome.UNKNOWN);
    }

    @Test
    void distancesAndSpeedsArriveInMilesAndLeaveInKilometres() {
        assertThat(apply("Odometer", "1000").snapshot().body().odometerKm()).isCloseTo(1609.344, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(apply("VehicleSpeed", "\"60\"").snapshot().drive().speedKmh()).isCloseTo(96.56, org.assertj.core.data.Offset.offset(0.01));
        assertThat(apply("RatedRange", "200.5").snapshot().charge().ratedRangeKm()).isCloseTo(322.67, org.assertj.core.data.Offset.offset(0.01));
        assertThat(apply("InsideTemp", "21.5").snapshot().climate().insideTempCelsius()).isEqualTo(21.5);
        assertThat(apply("TpmsPressureFl", "2.9").snapshot().tyres().pressureBar()).containsEntry("front_left", 2.9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"\"", "\"<invalid>\"", "\"bad value\"", "{}", "[1]", "true", "1e400", "\"NaN\""})
    void garbageIsUnknownNeverZero(String payload) {
        TrackedVehicle before = apply("BatteryLevel", "80");
        TrackedVehicle after = apply(before, "BatteryLevel", payload);
        assertThat(after.snapshot().charge().batteryLevelPercent()).as(payload).isNull();
        assertThat(apply(before, "TpmsPressureFr", payload).snapshot().tyres().pressureBar()).as(payload).doesNotContainKey("front_right");
    }

    @Test
    void numbersMayComeAsStringsAndBooleansAsNumbersOrStrings() {
        assertThat(apply("BatteryLevel", "\" 77.5 \"").snapshot().charge().batteryLevelPercent()).isEqualTo(77.5);
        assertThat(apply("Locked", "1").snapshot().body().locked()).isTrue();
        assertThat(apply("Locked", "\"false\"").snapshot().body().locked()).isFalse();
        assertThat(apply("SentryMode", "true").snapshot().body().sentryMode()).isTrue();
        assertThat(apply("FdWindow", "0").snapshot().body().windowsOpen()).containsEntry("driver_front", false);
    }

    @Test
    void enumsMapToTheExistingLabelValues() {
        assertThat(apply("DetailedChargeState", "\"DetailedChargeStateCharging\"").snapshot().charge().chargingState()).isEqualTo(ChargingState.CHARGING);
        assertThat(apply("DetailedChargeState", "\"DetailedChargeStateNoPower\"").snapshot().charge().chargingState()).isEqualTo(ChargingState.NO_POWER);
        assertThat(apply("DetailedChargeState", "\"DetailedChargeStateUnknown\"").snapshot().charge().chargingState()).isNull();
        assertThat(apply("ChargeState", "\"ChargeStateComplete\"").snapshot().charge().chargingState()).isEqualTo(ChargingState.COMPLETE);
        assertThat(apply("Gear", "\"ShiftStateD\"").snapshot().drive().shiftState()).isEqualTo(Gear.D);
        assertThat(apply("Gear", "\"ShiftStateSNA\"").snapshot().drive().shiftState()).as("no gear, no speed: parked").isEqualTo(Gear.P);
        TrackedVehicle moving = apply("VehicleSpeed", "30");
        assertThat(apply(moving, "Gear", "\"ShiftStateSNA\"").snapshot().drive().shiftState()).isNull();
        assertThat(apply("Gear", "\"ShiftStateWarp\"").snapshot().drive().shiftState()).isNull();
        assertThat(apply("SentryMode", "\"SentryModeStateArmed\"").snapshot().body().sentryMode()).isTrue();
        assertThat(apply("SentryMode", "\"SentryModeStateOff\"").snapshot().body().sentryMode()).isFalse();
        assertThat(apply("ChargePortLatch", "\"ChargePortLatchEngaged\"").snapshot().charge().chargePortLatchEngaged()).isTrue();
        assertThat(apply("ChargePortLatch", "\"ChargePortLatchSNA\"").snapshot().charge().chargePortLatchEngaged()).isNull();
        // a Supercharger is priced as one: Tesla's fast charger type says it
        assertThat(apply("FastChargerType", "\"FastChargerSupercharger\"").snapshot().charge().superchargerPresent()).isTrue();
        assertThat(apply("FastChargerType", "\"FastChargerCombo\"").snapshot().charge().superchargerPresent()).isFalse();
        assertThat(apply("FastChargerType", "\"FastChargerSNA\"").snapshot().charge().superchargerPresent()).isNull();
        assertThat(apply("FpWindow", "\"WindowStatePartiallyOpen\"").snapshot().body().windowsOpen()).containsEntry("passenger_front", true);
        assertThat(apply("HvacPower", "\"HvacPowerStatePrecondition\"").snapshot().climate().climateOn()).isTrue();
    }

    @Test
    void objectsFillTheirSeries() {
        TrackedVehicle v = apply("DoorState", "{\"DriverFront\": true, \"PassengerFront\": false, \"DriverRear\": false,"
                + " \"PassengerRear\": false, \"TrunkFront\": false, \"TrunkRear\": true}");
        assertThat(v.snapshot().body().doorsOpen()).containsEntry("driver_front", true).containsEntry("passenger_rear", false);
        assertThat(v.snapshot().body().trunksOpen()).containsEntry("rear", true).containsEntry("front", false);
        TrackedVehicle at = apply("Location", "{\"latitude\": 52.1, \"longitude\": \"4.3\"}");
        assertThat(at.snapshot().drive().latitude()).isEqualTo(52.1);
        assertThat(at.snapshot().drive().longitude()).isEqualTo(4.3);
        TrackedVehicle nowhere = apply(at, "Location", "{\"latitude\": 91, \"longitude\": 4.3}");
        assertThat(nowhere.snapshot().drive().latitude()).isNull();
        assertThat(nowhere.snapshot().drive().longitude()).isNull();
    }

    @Test
    void streamOnlyFieldsAreExtrasAndAcPlusDcIsTheChargerPower() {
        TrackedVehicle v = apply("PackVoltage", "\"398.2\"");
        v = apply(v, "ACChargingPower", "0");
        v = apply(v, "DCChargingPower", "151.5");
        assertThat(v.streaming().extras().packVoltageVolts()).isEqualTo(398.2);
        assertThat(v.snapshot().charge().chargerPowerKw()).isEqualTo(151.5);
        v = apply(v, "PackVoltage", "null");
        assertThat(v.streaming().extras().packVoltageVolts()).isNull();
    }

    @Test
    void aSignalMakesTheStreamTheNewestSourceAndTheCarOnline() {
        TrackedVehicle polled = new TrackedVehicle(car.summary(), null, AT.minusSeconds(60));
        assertThat(polled.dataSource()).isEqualTo("poll");
        TrackedVehicle v = apply(polled, "BatteryLevel", "80");
        assertThat(v.dataSource()).isEqualTo("stream");
        assertThat(v.summary().state()).isEqualTo(OnlineState.ONLINE);
        assertThat(v.snapshot().carTimestamp()).isEqualTo(AT);
        assertThat(v.streaming().live(AT.plusSeconds(10), java.time.Duration.ofMinutes(15))).isTrue();
        assertThat(v.streaming().live(AT.plusSeconds(901), java.time.Duration.ofMinutes(15))).as("silent").isFalse();
        assertThat(v.withConnected(false).streaming().live(AT, java.time.Duration.ofMinutes(15))).as("disconnected").isFalse();
        TrackedVehicle polledAgain = v.withData(v.snapshot(), AT.plusSeconds(1));
        assertThat(polledAgain.dataSource()).isEqualTo("poll");
        assertThat(polledAgain.streaming().lastSignalAt()).isEqualTo(AT);
    }

    @Test
    void streamedLabelTextIsCappedCleanedAndVersionsMustLookLikeTeslas() {
        String huge = "x".repeat(10_000);
        TrackedVehicle named = translator.field(car, "VehicleName", json("\"" + huge + "\""), AT).vehicle();
        assertThat(named.snapshot().displayName()).hasSize(64);
        TrackedVehicle forged = translator.field(car, "VehicleName", json("\"Blue\\nSEVERE: forged line\\u202e\""), AT).vehicle();
        assertThat(forged.snapshot().displayName()).isEqualTo("BlueSEVERE: forged line");
        assertThat(translator.field(car, "Version", json("\"2024.26.7 1a2b3c4d5e6f\""), AT).vehicle().snapshot().software().version())
                .isEqualTo("2024.26.7 1a2b3c4d5e6f");
        assertThat(translator.field(car, "Version", json("\"" + huge + "\""), AT).vehicle().snapshot().software().version()).isNull();
        TrackedVehicle update = translator.field(car, "SoftwareUpdateVersion", json("\"<script>\""), AT).vehicle();
        assertThat(update.snapshot().software().updateVersion()).isNull();
        assertThat(update.snapshot().software().updateAvailable()).as("not a version: unknown").isNull();
        TrackedVehicle none = translator.field(car, "SoftwareUpdateVersion", json("\"\""), AT).vehicle();
        assertThat(none.snapshot().software().updateAvailable()).isFalse();
    }
}
