package org.teslaexporter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.teslaexporter.journal.Charge;
import org.teslaexporter.journal.Drive;
import org.teslaexporter.journal.Reading;
import org.teslaexporter.journal.Session;
import org.teslaexporter.journal.SessionDetector;
import org.teslaexporter.places.Places;
import org.teslaexporter.places.PlacesFile;
import org.teslaexporter.vehicle.ChargingState;
import org.teslaexporter.vehicle.Gear;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSnapshot;
import org.teslaexporter.vehicle.VehicleSummary;

class SimulatedCarTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SimulatedCar car = new SimulatedCar("5YJ3E7EB0NF000001", "Demo", "model3", 1L, Duration.ZERO, T0);
    private final VehicleDataTranslator translator = new VehicleDataTranslator();

    private VehicleSnapshot at(long seconds) {
        return translator.snapshot(car.vehicleData(T0.plusSeconds(seconds)));
    }

    @Test
    void drivesToWorkAndHomeThenChargesThenSleeps() {
        assertThat(at(60).drive().shiftState()).isEqualTo(Gear.D);
        assertThat(at(60).drive().speedKmh()).isPositive();
        assertThat(at(140).drive().shiftState()).as("at work").isEqualTo(Gear.P);
        assertThat(at(200).drive().shiftState()).isEqualTo(Gear.D);
        assertThat(at(300).charge().chargingState()).isEqualTo(ChargingState.CHARGING);
        assertThat(at(300).charge().chargerPowerKw()).isEqualTo(11.0);
        assertThat(at(300).drive().speedKmh()).isNull();
        assertThat(car.asleep(T0.plusSeconds(560))).isTrue();
        assertThat(car.asleep(T0.plusSeconds(60))).isFalse();
        assertThat(car.asleep(T0.plusSeconds(660))).as("next cycle drives again").isFalse();
    }

    @Test
    void batteryFallsWhileDrivingAndParkedAndIsBackAt80AfterTheCharge() {
        assertThat(at(110).charge().batteryLevelPercent()).isLessThan(at(0).charge().batteryLevelPercent());
        assertThat(at(420).charge().batteryLevelPercent()).isGreaterThan(at(260).charge().batteryLevelPercent());
        assertThat(at(600).charge().batteryLevelPercent()).isEqualTo(80.0);
        assertThat(at(700).body().odometerKm()).isGreaterThan(at(100).body().odometerKm());
    }

    @Test
    void aWakeUpKeepsItOnlineForTwoMinutes() {
        car.wake(T0.plusSeconds(460));
        assertThat(car.asleep(T0.plusSeconds(570))).isFalse();
        assertThat(car.asleep(T0.plusSeconds(590))).isTrue();
    }

    @Test
    void aClockReadingFromJustBeforeTheStartCountsAsTheStart() {
        assertThat(car.asleep(T0.minusMillis(5))).isFalse();
    }

    /** The demo's day, polled as the demo polls (every 5 s), is a commute and a charge at home, priced by the demo's places. */
    @Test
    void itsDayIsTwoDrivesBetweenHomeAndWorkAndAChargeAtHome() throws Exception {
        Places places;
        try (var in = getClass().getResourceAsStream("/demo-places.json")) {
            places = PlacesFile.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        SessionDetector detector = new SessionDetector(car.vin(), places);
        List<Session> sessions = new ArrayList<>();
        for (long s = 0; s < 600; s += 5) {
            Instant t = T0.plusSeconds(s);
            TrackedVehicle v = new TrackedVehicle(new VehicleSummary(car.vin(), "Demo", OnlineState.ONLINE),
                    translator.snapshot(car.vehicleData(t)), t);
            sessions.addAll(detector.accept(Reading.of(v, true)));
        }
        List<Drive> drives = sessions.stream().filter(Drive.class::isInstance).map(Drive.class::cast).toList();
        assertThat(drives).extracting(Drive::startPlace, Drive::endPlace).containsExactly(
                org.assertj.core.groups.Tuple.tuple("home", "work"), org.assertj.core.groups.Tuple.tuple("work", "home"));
        assertThat(drives).allSatisfy(d -> {
            assertThat(d.distanceKm()).isCloseTo(SimulatedCar.COMMUTE_KM, within(0.3));
            assertThat(d.whPerKm()).isBetween(120.0, 200.0);
            assertThat(d.note()).isNull();
        });
        assertThat(sessions.stream().filter(Charge.class::isInstance).map(Charge.class::cast)).singleElement().satisfies(c -> {
            assertThat(c.place()).isEqualTo("home");
            assertThat(c.energyAddedKwh()).isCloseTo((2.4 + 0.3) * SimulatedCar.KWH_PER_POINT, within(0.05));
            assertThat(c.cost()).as("priced by home's tariff (day or night)").isPositive();
            assertThat(c.currency()).isEqualTo("EUR");
        });
    }
}
