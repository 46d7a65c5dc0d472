package org.teslaexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSnapshot;
import org.teslaexporter.vehicle.VehicleSummary;

class VehicleMetricsTest {

    private static final VehicleDataTranslator TRANSLATOR = new VehicleDataTranslator();

    private static TrackedVehicle tracked(String fixture) {
        VehicleSnapshot s = TRANSLATOR.snapshot(TRANSLATOR.response(Fixtures.json(Fixtures.own(fixture))).orElseThrow());
        return new TrackedVehicle(new VehicleSummary("5YJ3E1EA1KF000001", "Car", OnlineState.ONLINE), s,
                Instant.ofEpochSecond(1760000000));
    }

    private static MetricFamily family(String name) {
        return VehicleMetrics.FAMILIES.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyFamilyOfTheEarlierExporterIsThereWithItsLabel() {
        Map<String, List<String>> earlier = Map.ofEntries(
                Map.entry("tesla_battery_level_percent", List.of()), Map.entry("tesla_battery_usable_level_percent", List.of()),
                Map.entry("tesla_battery_range_km", List.of()), Map.entry("tesla_battery_ideal_range_km", List.of()),
                Map.entry("tesla_battery_estimated_range_km", List.of()), Map.entry("tesla_charge_limit_percent", List.of()),
                Map.entry("tesla_charge_energy_added_kwh", List.of()), Map.entry("tesla_charge_rate_kmh", List.of()),
                Map.entry("tesla_charger_power_kw", List.of()), Map.entry("tesla_charger_voltage_volts", List.of()),
                Map.entry("tesla_charger_actual_current_amps", List.of()), Map.entry("tesla_charge_time_remaining_hours", List.of()),
                Map.entry("tesla_charge_port_door_open", List.of()), Map.entry("tesla_battery_heater_on", List.of()),
                Map.entry("tesla_scheduled_charging_pending", List.of()), Map.entry("tesla_charging_state", List.of("state")),
                Map.entry("tesla_inside_temperature_celsius", List.of()), Map.entry("tesla_outside_temperature_celsius", List.of()),
                Map.entry("tesla_driver_temperature_setting_celsius", List.of()),
                Map.entry("tesla_passenger_temperature_setting_celsius", List.of()),
                Map.entry("tesla_climate_on", List.of()), Map.entry("tesla_preconditioning", List.of()),
                Map.entry("tesla_fan_status", List.of()), Map.entry("tesla_defrost_mode", List.of()),
                Map.entry("tesla_seat_heater_level", List.of("seat")), Map.entry("tesla_latitude", List.of()),
                Map.entry("tesla_longitude", List.of()), Map.entry("tesla_heading_degrees", List.of()),
                Map.entry("tesla_speed_kmh", List.of()), Map.entry("tesla_power_watts", List.of()),
                Map.entry("tesla_shift_state", List.of("state")), Map.entry("tesla_odometer_km", List.of()),
                Map.entry("tesla_locked", List.of()), Map.entry("tesla_sentry_mode", List.of()),
                Map.entry("tesla_valet_mode", List.of()), Map.entry("tesla_user_present", List.of()),
                Map.entry("tesla_remote_start", List.of()), Map.entry("tesla_center_display_state", List.of()),
                Map.entry("tesla_door_open", List.of("door")), Map.entry("tesla_trunk_open", List.of("trunk")),
                Map.entry("tesla_tpms_pressure_bar", List.of("tire")), Map.entry("tesla_software_version_info", List.of("version")),
                Map.entry("tesla_exporter_vehicle_reachable", List.of()),
                Map.entry("tesla_exporter_last_successful_poll_timestamp_seconds", List.of()));
        earlier.forEach((name, labels) -> assertThat(family(name).labelNames()).as(name).isEqualTo(labels));
        assertThat(VehicleMetrics.FAMILIES.size() - earlier.size()).as("new families").isGreaterThanOrEqualTo(20);
    }

    @Test
    void namesAreUniqueAndFollowTheConventions() {
        Set<String> names = new HashSet<>();
        for (MetricFamily f : VehicleMetrics.FAMILIES) {
            assertThat(names.add(f.name())).as("duplicate " + f.name()).isTrue();
            assertThat(f.name()).matches("tesla_[a-z0-9_]+").doesNotEndWith("_total");
            assertThat(f.help()).isNotBlank();
        }
    }

    @Test
    void unknownValuesHaveNoSeriesAtAll() {
        TrackedVehicle odd = tracked("vehicle_data.charging_odd.json");
        assertThat(family("tesla_battery_range_km").samples(odd)).isEmpty();
        assertThat(family("tesla_charge_time_to_full_seconds").samples(odd)).isEmpty();
        assertThat(family("tesla_outside_temperature_celsius").samples(odd)).isEmpty();
        assertThat(family("tesla_speed_kmh").samples(odd)).isEmpty();
        assertThat(family("tesla_shift_state").samples(odd)).as("standing without a gear: parked")
                .containsEntry(List.of("P"), 1.0).containsEntry(List.of("D"), 0.0);
        assertThat(family("tesla_latitude").samples(odd)).isEmpty();
        assertThat(family("tesla_tpms_pressure_bar").samples(odd)).containsOnlyKeys(List.of("front_left"), List.of("front_right"));
    }

    @Test
    void powerIsPublishedInWattsAndChargingStateIncludesStarting() {
        TrackedVehicle odd = tracked("vehicle_data.charging_odd.json");
        assertThat(family("tesla_power_watts").samples(odd)).containsEntry(List.of(), -11000.0);
        Map<List<String>, Double> states = family("tesla_charging_state").samples(odd);
        assertThat(states).hasSize(6).containsEntry(List.of("Starting"), 1.0).containsEntry(List.of("Charging"), 0.0);
    }

    @Test
    void aNewChargingStateGetsItsOwnSeries() {
        MetricFamily f = MetricFamily.stateSet("x", "h", "state", List.of("A", "B"), v -> "C");
        assertThat(f.samples(tracked("vehicle_data.driving.json")))
                .containsEntry(List.of("A"), 0.0).containsEntry(List.of("B"), 0.0).containsEntry(List.of("C"), 1.0);
    }

    @Test
    void aVehicleWithoutDataYetHasOnlyItsStateAndReachability() {
        TrackedVehicle fresh = new TrackedVehicle(new VehicleSummary("5YJ3E1EA1KF000001", "Car", OnlineState.ASLEEP), null, null);
        for (MetricFamily f : VehicleMetrics.FAMILIES) {
            Map<List<String>, Double> samples = f.samples(fresh);
            switch (f.name()) {
                case "tesla_vehicle_state" -> assertThat(samples).containsEntry(List.of("asleep"), 1.0).hasSize(3);
                case "tesla_exporter_vehicle_reachable" -> assertThat(samples).containsEntry(List.of(), 0.0);
                default -> assertThat(samples).as(f.name()).isEmpty();
            }
        }
    }

    @Test
    void infoMetricsCarryTheirFactsInLabels() {
        TrackedVehicle driving = tracked("vehicle_data.driving.json");
        assertThat(family("tesla_vehicle_info").samples(driving))
                .containsEntry(List.of("model3", "74d", "DeepBlue", "Pinwheel18", "TeslaAP3"), 1.0);
        assertThat(family("tesla_software_update_info").samples(driving))
                .containsEntry(List.of("downloading", "2025.26.1"), 1.0);
        assertThat(family("tesla_software_update_info").samples(tracked("vehicle_data.charging_odd.json"))).isEmpty();
    }
}
