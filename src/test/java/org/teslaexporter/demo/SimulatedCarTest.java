package org.teslaexporter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.teslaexporter.vehicle.ChargingState;
import org.teslaexporter.vehicle.Gear;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSnapshot;

class SimulatedCarTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SimulatedCar car = new SimulatedCar("5YJ3E7EB0NF000001", "Demo", "model3", 1L, Duration.ZERO, T0);
    private final VehicleDataTranslator translator = new VehicleDataTranslator();

    private VehicleSnapshot at(long seconds) {
        return translator.snapshot(car.vehicleData(T0.plusSeconds(seconds)));
    }

    @Test
    void drivesThenChargesThenSleeps() {
        assertThat(at(30).drive().shiftState()).isEqualTo(Gear.D);
        assertThat(at(30).drive().speedKmh()).isPositive();
        assertThat(at(200).charge().chargingState()).isEqualTo(ChargingState.CHARGING);
        assertThat(at(200).charge().chargerPowerKw()).isEqualTo(11.0);
        assertThat(at(200).drive().speedKmh()).isNull();
        assertThat(car.asleep(T0.plusSeconds(400))).isTrue();
        assertThat(car.asleep(T0.plusSeconds(30))).isFalse();
        assertThat(car.asleep(T0.plusSeconds(630))).as("next cycle drives again").isFalse();
    }

    @Test
    void batteryFallsWhileDrivingAndRisesWhileCharging() {
        assertThat(at(100).charge().batteryLevelPercent()).isLessThan(at(0).charge().batteryLevelPercent());
        assertThat(at(320).charge().batteryLevelPercent()).isGreaterThan(at(180).charge().batteryLevelPercent());
        assertThat(at(700).body().odometerKm()).isGreaterThan(at(100).body().odometerKm());
    }

    @Test
    void aWakeUpKeepsItOnlineForTwoMinutes() {
        car.wake(T0.plusSeconds(400));
        assertThat(car.asleep(T0.plusSeconds(450))).isFalse();
        assertThat(car.asleep(T0.plusSeconds(530))).isTrue();
    }

    @Test
    void aClockReadingFromJustBeforeTheStartCountsAsTheStart() {
        assertThat(car.asleep(T0.minusMillis(5))).isFalse();
    }
}
