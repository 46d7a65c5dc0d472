package org.teslaexporter.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;
import org.teslaexporter.places.ChargerKind;
import org.teslaexporter.places.Place;
import org.teslaexporter.places.Places;
import org.teslaexporter.places.PlacesFile;
import org.teslaexporter.vehicle.ChargingState;
import org.teslaexporter.vehicle.Gear;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * The session detector over a simulated commuting day — drive to work, park, drive home, charge at
 * home across the tariff change at 23:00 — read as a stream (every 10 s), as a poller (every
 * minute) and as a sleepy poller (every 10 minutes): two drives of the right distance, one charge of
 * the right energy and cost at home, the parked periods between; and the odd cases.
 */
class SessionDetectorTest {

    static final String VIN = "5YJ3E1EA1KF000501";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final double HOME_LAT = 52.5200;
    static final double HOME_LON = 13.4050;
    static final double WORK_LAT = 52.4800;
    static final double WORK_LON = 13.3300;

    static Places places() throws Exception {
        return PlacesFile.parse("""
                {"currency": "EUR", "time_zone": "Europe/Berlin",
                 "places": [
                   {"name": "home", "latitude": 52.5200, "longitude": 13.4050, "radius_m": 120, "price_per_kwh": 0.32,
                    "time_of_use": [{"from": "23:00", "to": "06:00", "price_per_kwh": 0.19}]},
                   {"name": "work", "latitude": 52.4800, "longitude": 13.3300, "radius_m": 200, "price_per_kwh": 0}],
                 "price_per_kwh": {"supercharger": 0.52, "dc": 0.59, "ac": 0.39}}
                """);
    }

    static Instant at(String localTime) {
        return LocalDateTime.parse("2026-11-10T" + localTime).atZone(BERLIN).toInstant();
    }

    /**
     * The car on the simulated day, at any moment: 07:30-08:00 to work (20 km at 40 km/h, 150 Wh/km),
     * parked at work until 17:00, home by 17:40 (24 km), parked; plugged in at 22:00 and charged at
     * 11 kW until 01:00 (33 kWh: 11 before 23:00 at 0.32, 22 after at 0.19).
     */
    static Reading car(Instant t) {
        double h = Duration.between(at("00:00"), t).toMillis() / 3_600_000.0;
        double odo = 10_000;
        double used = 2_000;     // lifetime kWh
        double soc = 70;
        Gear gear = Gear.P;
        double speed = 0;
        double lat = HOME_LAT;
        double lon = HOME_LON;
        ChargingState state = ChargingState.DISCONNECTED;
        Double added = null;
        Double power = 0.0;
        if (h >= 7.5) {
            double f = Math.min(1, (h - 7.5) / 0.5);
            odo += 20 * f;
            used += 3 * f;
            soc -= 4 * f;
            lat = HOME_LAT + (WORK_LAT - HOME_LAT) * f;
            lon = HOME_LON + (WORK_LON - HOME_LON) * f;
            if (f < 1) {
                gear = Gear.D;
                speed = 40;
            }
        }
        if (h >= 8) {
            soc -= 0.5 * Math.min(9, h - 8) / 9;     // parked at work: a little drain
        }
        if (h >= 17) {
            double f = Math.min(1, (h - 17) / (40.0 / 60));
            odo += 24 * f;
            used += 3.6 * f;
            soc -= 4.8 * f;
            lat = WORK_LAT + (HOME_LAT - WORK_LAT) * f;
            lon = WORK_LON + (HOME_LON - WORK_LON) * f;
            if (f < 1) {
                gear = Gear.D;
                speed = h < 17.2 ? 60 : 36;
            }
        }
        if (h >= 22) {
            double f = Math.min(3, h - 22);
            added = 11 * f;
            soc += 11 * f / 0.75;     // 75 kWh battery
            if (h < 25) {
                state = ChargingState.CHARGING;
                power = 11.0;
            } else {
                state = ChargingState.COMPLETE;
                power = 0.0;
            }
        }
        return new Reading(t, gear, speed, odo, soc, soc * 5, state, added, power, false, null, lat, lon, used, null, null);
    }

    static List<Session> day(Places places, Duration every) {
        SessionDetector d = new SessionDetector(VIN, places);
        List<Session> sessions = new ArrayList<>();
        for (Instant t = at("06:00"); t.isBefore(at("06:00").plus(Duration.ofHours(21))); t = t.plus(every)) {
            sessions.addAll(d.accept(car(t)));
        }
        return sessions;
    }

    @Test
    void aCommutingDayIsTwoDrivesAndOneChargeAtHomeWhateverTheReadingRate() throws Exception {
        Places places = places();
        for (Duration every : List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10))) {
            List<Session> sessions = day(places, every);
            List<Drive> drives = sessions.stream().filter(Drive.class::isInstance).map(Drive.class::cast).toList();
            List<Charge> charges = sessions.stream().filter(Charge.class::isInstance).map(Charge.class::cast).toList();
            assertThat(drives).as("drives, a reading every " + every).hasSize(2);
            assertThat(drives.get(0)).satisfies(d -> {
                assertThat(d.startPlace()).isEqualTo("home");
                assertThat(d.endPlace()).isEqualTo("work");
                assertThat(d.distanceKm()).as("from the odometer, right even when seen late").isCloseTo(20, within(1e-6));
                assertThat(d.energyUsedKwh()).isCloseTo(3, within(1e-6));
                assertThat(d.whPerKm()).isCloseTo(150, within(1e-6));
                assertThat(d.note()).isNull();
            });
            assertThat(drives.get(1)).satisfies(d -> {
                assertThat(d.startPlace()).isEqualTo("work");
                assertThat(d.endPlace()).isEqualTo("home");
                assertThat(d.distanceKm()).isCloseTo(24, within(1e-6));
                assertThat(d.energyUsedKwh()).isCloseTo(3.6, within(1e-6));
            });
            assertThat(charges).as("charges, a reading every " + every).singleElement().satisfies(c -> {
                assertThat(c.place()).isEqualTo("home");
                assertThat(c.charger()).isEqualTo(ChargerKind.AC);
                assertThat(c.energyAddedKwh()).isCloseTo(33, within(1e-6));
                assertThat(c.cost()).as("11 kWh at 0.32 before 23:00, 22 at 0.19 after").isCloseTo(11 * 0.32 + 22 * 0.19, within(1e-6));
                assertThat(c.currency()).isEqualTo("EUR");
                assertThat(c.maxPowerKw()).isEqualTo(11.0);
            });
            assertThat(sessions).filteredOn(Parked.class::isInstance).map(Parked.class::cast)
                    .anySatisfy(p -> {
                        assertThat(p.place()).isEqualTo("work");
                        assertThat(p.socLost()).isCloseTo(0.5, within(0.1));
                    });
        }
        // the exact times, read every 10 s
        List<Session> fine = day(places, Duration.ofSeconds(10));
        Drive toWork = (Drive) fine.stream().filter(Drive.class::isInstance).findFirst().orElseThrow();
        assertThat(toWork.startedAt()).isAfterOrEqualTo(at("07:30")).isBefore(at("07:30:11"));
        assertThat(toWork.endedAt()).isAfterOrEqualTo(at("08:00")).isBefore(at("08:00:11"));
        assertThat(toWork.maxSpeedKmh()).isEqualTo(40.0);
        assertThat(toWork.averageSpeedKmh()).isCloseTo(40, within(0.5));
    }

    @Test
    void withoutPlacesEveryPlaceIsOtherAndTheCostIsUnknown() {
        List<Session> sessions = day(Places.NONE, Duration.ofMinutes(1));
        assertThat(sessions).filteredOn(Charge.class::isInstance).map(Charge.class::cast).singleElement().satisfies(c -> {
            assertThat(c.place()).isEqualTo(Place.OTHER);
            assertThat(c.energyAddedKwh()).isCloseTo(33, within(1e-6));
            assertThat(c.cost()).isNull();
            assertThat(c.currency()).isNull();
        });
    }

    private static Reading moving(Instant t, double odometer) {
        return new Reading(t, Gear.D, 50.0, odometer, 60.0, 300.0, ChargingState.DISCONNECTED, null, null, false, null, null, null, null, null, null);
    }

    private static Reading parked(Instant t, double odometer) {
        return new Reading(t, Gear.P, 0.0, odometer, 59.0, 295.0, ChargingState.DISCONNECTED, null, null, false, null, null, null, null, null, null);
    }

    @Test
    void anOdometerThatGoesBackOrJumpsGivesNoDistanceButANote() {
        Instant t = at("12:00");
        SessionDetector d = new SessionDetector(VIN, Places.NONE);
        d.accept(parked(t, 1000));
        d.accept(moving(t.plusSeconds(60), 1000));
        Drive back = (Drive) d.accept(parked(t.plusSeconds(600), 990)).get(0);
        assertThat(back.distanceKm()).isNull();
        assertThat(back.note()).isEqualTo("the odometer went back from 1000.0 to 990.0 km");

        d.accept(moving(t.plusSeconds(700), 990));
        Drive jump = (Drive) d.accept(parked(t.plusSeconds(1300), 5990)).get(0);
        assertThat(jump.distanceKm()).isNull();
        assertThat(jump.note()).startsWith("the odometer jumped 5000.0 km in 10.0 min");
    }

    @Test
    void anUnknownGearKeepsADriveOpenOldReadingsChangeNothingAndOneMomentMayComeInPieces() {
        Instant t = at("12:00");
        SessionDetector d = new SessionDetector(VIN, Places.NONE);
        assertThat(d.accept(parked(t, 100))).isEmpty();
        assertThat(d.accept(moving(t.plusSeconds(60), 101))).as("a parked period ends").hasSize(1);
        Reading unknown = new Reading(t.plusSeconds(120), null, null, 102.0, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(d.accept(unknown)).as("no gear, no speed: not the end").isEmpty();
        assertThat(d.accept(parked(t.plusSeconds(90), 103))).as("older than the last reading").isEmpty();
        // the same moment's other fields (a stream sends one field a message, all with the car's one timestamp)
        List<Session> end = d.accept(parked(t.plusSeconds(120), 104));
        assertThat(end).as("as old as the last reading: the same moment").singleElement().isInstanceOfSatisfying(Drive.class, drive -> {
            assertThat(drive.endedAt()).isEqualTo(t.plusSeconds(120));
            assertThat(drive.distanceKm()).isCloseTo(3, within(1e-9));
            assertThat(drive.energyUsedKwh()).isNull();       // no energy counter, no battery energy: unknown
        });
        assertThat(d.accept(parked(t.plusSeconds(120), 104))).as("the same reading again changes nothing").isEmpty();
        assertThat(d.accept(parked(t.plusSeconds(180), 104))).isEmpty();
        assertThat(d.accept(null)).isEmpty();
    }

    @Test
    void aChargeSeenLateCountsTheCarsOwnCounterAndSaysSo() throws Exception {
        Places places = places();
        SessionDetector d = new SessionDetector(VIN, places);
        Instant t = at("12:00");
        Reading first = new Reading(t, Gear.P, 0.0, 100.0, 50.0, 250.0, ChargingState.CHARGING, 5.0, 50.0, true, false,
                null, null, null, null, null);
        Reading later = new Reading(t.plusSeconds(600), Gear.P, 0.0, 100.0, 60.0, 300.0, ChargingState.CHARGING, 12.0, 120.0, true, false,
                null, null, null, null, null);
        Reading done = new Reading(t.plusSeconds(1200), Gear.P, 0.0, 100.0, 70.0, 350.0, ChargingState.STOPPED, 20.0, 0.0, true, false,
                null, null, null, null, null);
        d.accept(first);
        d.accept(later);
        Charge c = (Charge) d.accept(done).get(0);
        assertThat(c.charger()).isEqualTo(ChargerKind.DC);
        assertThat(c.place()).isEqualTo(Place.OTHER);
        assertThat(c.energyAddedKwh()).isEqualTo(20.0);
        assertThat(c.cost()).isCloseTo(20 * 0.59, within(1e-9));
        assertThat(c.maxPowerKw()).isEqualTo(120.0);
        assertThat(c.note()).isEqualTo("seen 5.0 kWh into the charge");
    }

    private static final VehicleDataTranslator TRANSLATOR = new VehicleDataTranslator();

    /** A recorded answer as the poller reads it, with its own clock moved to {@code at} and {@code edit} applied. */
    static Reading recorded(String fixture, Instant at, java.util.function.UnaryOperator<String> edit) {
        String json = edit.apply(Fixtures.shared(fixture)).replaceAll("\"timestamp\": *\\d+", "\"timestamp\": " + at.toEpochMilli());
        var snapshot = TRANSLATOR.snapshot(TRANSLATOR.response(Fixtures.json(json)).orElseThrow());
        return Reading.of(new TrackedVehicle(new VehicleSummary(VIN, "Recorded", OnlineState.ONLINE), snapshot, at), true);
    }

    @Test
    void everyRecordedAnswerIsAReadingOfAParkedCar() {
        // Tesla's null shift state of a parked car (every recorded answer has it) is P, as TeslaMate reads it:
        // no recorded answer starts a drive; the charging ones start a charge, priced as "other"
        Instant t = Instant.parse("2026-11-10T12:00:00Z");
        for (String name : Fixtures.sharedNames("vehicle_data.")) {
            SessionDetector d = new SessionDetector(VIN, Places.NONE);
            Reading r = recorded(name, t, json -> json);
            assertThat(r).as(name).isNotNull();
            assertThat(d.accept(r)).as(name).isEmpty();
            assertThat(d.state().driveStart()).as(name + ": no drive").isNull();
            assertThat(d.state().chargeStart() != null).as(name + ": a charge when charging").isEqualTo(r.charging());
        }
    }

    @Test
    void aRecordedChargeEndsWithTheCarsOwnCounterAndAPolledDriveUsesTheCarsOwnEfficiency() {
        String charging = "vehicle_data.real_charging_2018.recorded.json";
        Instant t = Instant.parse("2026-11-10T12:00:00Z");
        SessionDetector d = new SessionDetector(VIN, Places.NONE);
        assertThat(d.accept(recorded(charging, t, json -> json))).isEmpty();
        d.accept(recorded(charging, t.plusSeconds(1800), json -> json.replace("\"charge_energy_added\": 14.32", "\"charge_energy_added\": 20.5")));
        List<Session> ended = d.accept(recorded(charging, t.plusSeconds(3600), json -> json
                .replace("\"charging_state\": \"Charging\"", "\"charging_state\": \"Complete\"")
                .replace("\"charge_energy_added\": 14.32", "\"charge_energy_added\": 24.0")));
        assertThat(ended).singleElement().isInstanceOfSatisfying(Charge.class, c -> {
            assertThat(c.energyAddedKwh()).isEqualTo(24.0);
            assertThat(c.place()).isEqualTo(Place.OTHER);
            assertThat(c.cost()).as("no places file: no price").isNull();
            assertThat(c.note()).startsWith("seen 14.3 kWh into the charge");
        });

        // the docs' answer says its last charge added 48.45 kWh for 202 rated miles: 149 Wh per rated km;
        // a polled drive (no streamed energy counter) that uses 30 rated km used 30 times that
        String sample = "vehicle_data.docs_sample.json";
        SessionDetector car = new SessionDetector(VIN, Places.NONE);
        double range = 200 / 1.609344;
        java.util.function.UnaryOperator<String> at = json -> json.replaceAll("\"battery_range\": *[0-9.]+", "\"battery_range\": " + range);
        car.accept(recorded(sample, t, at));
        car.accept(recorded(sample, t.plusSeconds(60), json -> at.apply(json).replace("\"shift_state\": null", "\"shift_state\": \"D\"")));
        Drive drive = (Drive) car.accept(recorded(sample, t.plusSeconds(1800), json -> json
                .replace("\"shift_state\": null", "\"shift_state\": \"P\"")
                .replaceAll("\"battery_range\": *[0-9.]+", "\"battery_range\": " + (170 / 1.609344))
                .replaceAll("\"odometer\": *[0-9.]+", "\"odometer\": " + (15720.074889 + 25 / 1.609344)))).get(0);
        assertThat(drive.distanceKm()).isCloseTo(25.0, within(1e-6));
        assertThat(drive.energyUsedKwh()).isCloseTo(30 * 48.45 / (202 * 1.609344), within(1e-6));
        assertThat(drive.whPerKm()).isCloseTo(30 * 48.45 / (202 * 1.609344) * 1000 / 25, within(1e-6));
    }

    @Test
    void aPolledChargeAtTeslasOwnFastChargerIsASuperchargerCharge() throws Exception {
        // TeslaMate's users tell a Supercharger by fast_charger_brand "Tesla"; any other brand is another DC charger
        Instant t = at("12:00");
        for (String brand : List.of("Tesla", "Ionity")) {
            SessionDetector d = new SessionDetector(VIN, places());
            java.util.function.UnaryOperator<String> fast = json -> json
                    .replace("\"fast_charger_brand\": \"<invalid>\"", "\"fast_charger_brand\": \"" + brand + "\"")
                    .replace("\"fast_charger_present\": false", "\"fast_charger_present\": true");
            d.accept(recorded("vehicle_data.real_charging_2018.recorded.json", t, fast));
            Charge c = (Charge) d.accept(recorded("vehicle_data.real_charging_2018.recorded.json", t.plusSeconds(1800), json -> fast
                    .apply(json).replace("\"charging_state\": \"Charging\"", "\"charging_state\": \"Complete\"")
                    .replace("\"charge_energy_added\": 14.32", "\"charge_energy_added\": 40.32"))).get(0);
            assertThat(c.charger()).as(brand).isEqualTo(brand.equals("Tesla") ? ChargerKind.SUPERCHARGER : ChargerKind.DC);
            assertThat(c.cost()).as(brand).isCloseTo(40.32 * (brand.equals("Tesla") ? 0.52 : 0.59), within(1e-9));
        }
    }

    @Test
    void aStreamedDriveAndChargeAreFoundInTheStreamsOwnFields() throws Exception {
        var stream = new org.teslaexporter.vehicle.TelemetryTranslator();
        SessionDetector d = new SessionDetector(VIN, places());
        List<Session> found = new ArrayList<>();
        TrackedVehicle[] car = {new TrackedVehicle(new VehicleSummary(VIN, "Streamer", OnlineState.ONLINE), null, null)};
        java.util.function.BiConsumer<Instant, String[]> signals = (at, fields) -> {
            for (int i = 0; i < fields.length; i += 2) {
                car[0] = stream.field(car[0], fields[i], Fixtures.json("{\"v\": " + fields[i + 1] + "}").get("v"), at).vehicle();
                Reading r = Reading.of(car[0], true);
                if (r != null) {
                    found.addAll(d.accept(r));
                }
            }
        };
        Instant t = at("17:00");
        String work = "{\"latitude\": " + WORK_LAT + ", \"longitude\": " + WORK_LON + "}";
        String home = "{\"latitude\": " + HOME_LAT + ", \"longitude\": " + HOME_LON + "}";
        signals.accept(t, new String[] {"Location", work, "Odometer", "6000", "LifetimeEnergyUsed", "3000.0", "Gear", "\"ShiftStateP\"",
            "BatteryLevel", "60"});
        signals.accept(t.plusSeconds(60), new String[] {"Gear", "\"ShiftStateD\"", "VehicleSpeed", "\"30\""});
        signals.accept(t.plusSeconds(1200), new String[] {"Location", home, "Odometer", Double.toString(6000 + 24 / 1.609344),
            "LifetimeEnergyUsed", "3003.6", "VehicleSpeed", "\"0\"", "Gear", "\"ShiftStateP\"", "BatteryLevel", "55"});
        signals.accept(t.plusSeconds(1500), new String[] {"DetailedChargeState", "\"DetailedChargeStateCharging\"",
            "ACChargingEnergyIn", "0.0", "ACChargingPower", "11.0"});
        signals.accept(t.plusSeconds(5100), new String[] {"ACChargingEnergyIn", "11.0", "DetailedChargeState",
            "\"DetailedChargeStateComplete\"", "ACChargingPower", "0.0"});
        assertThat(found.stream().filter(Drive.class::isInstance).map(Drive.class::cast)).singleElement().satisfies(drive -> {
            assertThat(drive.startPlace()).isEqualTo("work");
            assertThat(drive.endPlace()).isEqualTo("home");
            assertThat(drive.distanceKm()).isCloseTo(24.0, within(1e-6));
            assertThat(drive.energyUsedKwh()).as("the stream's energy counter").isCloseTo(3.6, within(1e-6));
            assertThat(drive.maxSpeedKmh()).isCloseTo(30 * 1.609344, within(1e-6));
        });
        assertThat(found.stream().filter(Charge.class::isInstance).map(Charge.class::cast)).singleElement().satisfies(c -> {
            assertThat(c.place()).isEqualTo("home");
            assertThat(c.charger()).isEqualTo(ChargerKind.AC);
            assertThat(c.energyAddedKwh()).isEqualTo(11.0);
            assertThat(c.cost()).as("11 kWh at home's day rate").isCloseTo(11 * 0.32, within(1e-9));
            assertThat(c.maxPowerKw()).isEqualTo(11.0);
        });
    }
}
