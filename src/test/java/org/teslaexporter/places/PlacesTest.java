package org.teslaexporter.places;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Places (radius, nearest wins), prices by place, period and charger kind, and the time-of-use split. */
class PlacesTest {

    static final String FILE = """
            {"currency": "EUR", "time_zone": "Europe/Berlin",
             "places": [
               {"name": "home", "latitude": 52.5200, "longitude": 13.4050, "radius_m": 120,
                "price_per_kwh": 0.32,
                "time_of_use": [{"from": "23:00", "to": "06:00", "price_per_kwh": 0.19}]},
               {"name": "work", "latitude": 52.4800, "longitude": 13.3300, "radius_m": 200, "price_per_kwh": 0},
               {"name": "neighbour", "latitude": 52.5212, "longitude": 13.4050, "radius_m": 300}],
             "price_per_kwh": {"supercharger": 0.52, "dc": 0.59, "ac": 0.39}}
            """;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Places places() throws PlacesFileException {
        return PlacesFile.parse(FILE);
    }

    static Instant berlin(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), BERLIN).toInstant();
    }

    @Test
    void aCarIsAtTheNearestPlaceWhoseRadiusHoldsIt() throws Exception {
        Places p = places();
        assertThat(p.nameAt(52.5200, 13.4050)).isEqualTo("home");                // home's centre, inside the neighbour's 300 m too
        assertThat(p.nameAt(52.5209, 13.4050)).isEqualTo("neighbour");           // 100 m from home, 33 m from the neighbour
        assertThat(p.nameAt(52.5180, 13.4050)).isEqualTo(Place.OTHER);          // 222 m south of home, 356 m from the neighbour
        assertThat(p.nameAt(52.4800, 13.3300)).isEqualTo("work");
        assertThat(p.nameAt(48.1, 11.5)).isEqualTo(Place.OTHER);
        assertThat(p.at(null, 13.4)).isEmpty();
        assertThat(Places.NONE.nameAt(52.52, 13.405)).isEqualTo(Place.OTHER);
    }

    @Test
    void theDistanceIsTheGreatCircleOne() {
        // one degree of latitude is about 111.2 km everywhere
        assertThat(Places.distanceM(52, 13, 53, 13)).isCloseTo(111_195, within(10.0));
        assertThat(Places.distanceM(52.52, 13.405, 52.52, 13.405)).isZero();
    }

    @Test
    void aKwhCostsThePeriodsPriceThePlacesOrTheChargersAndNothingIsMadeUp() throws Exception {
        Places p = places();
        Optional<Place> home = p.at(52.52, 13.405);
        assertThat(p.pricePerKwh(home, ChargerKind.AC, berlin("2026-11-10T12:00"))).isEqualTo(0.32);
        assertThat(p.pricePerKwh(home, ChargerKind.AC, berlin("2026-11-10T23:00"))).isEqualTo(0.19);
        assertThat(p.pricePerKwh(home, ChargerKind.AC, berlin("2026-11-11T05:59"))).isEqualTo(0.19);
        assertThat(p.pricePerKwh(home, ChargerKind.AC, berlin("2026-11-11T06:00"))).isEqualTo(0.32);
        assertThat(p.pricePerKwh(Optional.empty(), ChargerKind.SUPERCHARGER, Instant.EPOCH)).isEqualTo(0.52);
        assertThat(p.pricePerKwh(Optional.empty(), ChargerKind.DC, Instant.EPOCH)).isEqualTo(0.59);
        assertThat(p.pricePerKwh(p.at(52.5212, 13.4050), ChargerKind.AC, Instant.EPOCH)).as("a place without a price").isNull();
        assertThat(Places.NONE.pricePerKwh(Optional.empty(), ChargerKind.AC, Instant.EPOCH)).isNull();
    }

    @Test
    void aChargeAcrossTheTariffChangePaysEachRateForItsPart() throws Exception {
        Places p = places();
        Optional<Place> home = p.at(52.52, 13.405);
        // 22:00 to 02:00 at a steady 10 kW: 10 kWh at 0.32, 30 kWh at 0.19
        Double cost = p.cost(home, ChargerKind.AC, berlin("2026-11-10T22:00"), berlin("2026-11-11T02:00"), 40);
        assertThat(cost).isCloseTo(10 * 0.32 + 30 * 0.19, within(1e-9));
        // within one period: one price
        assertThat(p.cost(home, ChargerKind.AC, berlin("2026-11-10T12:00"), berlin("2026-11-10T13:00"), 7))
                .isCloseTo(7 * 0.32, within(1e-9));
        // from 05:00 to 07:00 (the cheap period ends at 06:00), and across a whole night
        assertThat(p.cost(home, ChargerKind.AC, berlin("2026-11-11T05:00"), berlin("2026-11-11T07:00"), 2))
                .isCloseTo(0.19 + 0.32, within(1e-9));
        assertThat(p.cost(home, ChargerKind.AC, berlin("2026-11-10T20:00"), berlin("2026-11-11T08:00"), 12))
                .isCloseTo(5 * 0.32 + 7 * 0.19, within(1e-9));
    }

    @Test
    void aDaylightSavingChangeIsAnHourMoreOrLessOfTheCheapRate() throws Exception {
        Places p = places();
        Optional<Place> home = p.at(52.52, 13.405);
        // the night of 25 October 2026 has 25 hours in Berlin (03:00 summer time is 02:00 again): 22:00 to 04:00
        // local is 7 hours, 1 at 0.32 and 6 at 0.19
        Instant from = berlin("2026-10-24T22:00");
        Instant to = berlin("2026-10-25T04:00");
        assertThat(java.time.Duration.between(from, to).toHours()).isEqualTo(7);
        assertThat(p.cost(home, ChargerKind.AC, from, to, 70)).isCloseTo(10 * 0.32 + 60 * 0.19, within(1e-9));
        // 29 March 2026 has 23 (02:00 is 03:00): 22:00 to 04:00 is 5 hours, 1 at 0.32 and 4 at 0.19
        Instant springFrom = berlin("2026-03-28T22:00");
        Instant springTo = berlin("2026-03-29T04:00");
        assertThat(java.time.Duration.between(springFrom, springTo).toHours()).isEqualTo(5);
        assertThat(p.cost(home, ChargerKind.AC, springFrom, springTo, 50)).isCloseTo(10 * 0.32 + 40 * 0.19, within(1e-9));
    }

    @Test
    void elsewhereTheChargerKindPricesItAndWithoutAPriceTheCostIsUnknown() throws Exception {
        Places p = places();
        assertThat(p.cost(Optional.empty(), ChargerKind.SUPERCHARGER, berlin("2026-11-10T12:00"), berlin("2026-11-10T12:30"), 40))
                .isCloseTo(40 * 0.52, within(1e-9));
        assertThat(p.cost(p.at(52.5212, 13.4050), ChargerKind.AC, berlin("2026-11-10T12:00"), berlin("2026-11-10T13:00"), 5)).isNull();
        assertThat(Places.NONE.cost(Optional.empty(), ChargerKind.AC, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 1)).isNull();
    }

    @Test
    void everyProblemOfAFileIsNamedByItsField() {
        assertThatThrownBy(() -> PlacesFile.parse("""
                {"currency": "euro", "time_zone": "Mars/Olympus", "colour": "red",
                 "places": [
                   {"name": "Home!", "latitude": 95, "longitude": 13.4, "radius_m": 0, "price_per_kwh": -1},
                   {"name": "work", "latitude": 52.48, "longitude": 13.33, "radius_m": 200, "price_per_kwh": 0.3,
                    "time_of_use": [{"from": "22:00", "to": "06:00", "price_per_kwh": 0.2},
                                    {"from": "05:00", "to": "07:00", "price_per_kwh": 0.1},
                                    {"from": "25:00", "to": "07:00", "price_per_kwh": 0.1}]},
                   {"name": "work", "latitude": 52.48, "longitude": 13.33, "radius_m": 200},
                   {"name": "other", "latitude": 1, "longitude": 1, "radius_m": 10}],
                 "price_per_kwh": {"supercharger": "cheap", "ccs": 0.5}}
                """)).isInstanceOfSatisfying(PlacesFileException.class, e -> assertThat(e.problems()).contains(
                "currency must be a three-letter code such as EUR or USD, not \"euro\"",
                "time_zone \"Mars/Olympus\" is not a time zone (e.g. Europe/Berlin, America/New_York)")
                .anySatisfy(m -> assertThat(m).startsWith("colour is not a field of the places file"))
                .anySatisfy(m -> assertThat(m).startsWith("places[0].name \"Home!\" must be"))
                .anySatisfy(m -> assertThat(m).startsWith("places[0].latitude is 95; it must lie between -90 and 90"))
                .anySatisfy(m -> assertThat(m).startsWith("places[0].radius_m is 0"))
                .anySatisfy(m -> assertThat(m).startsWith("places[0].price_per_kwh is -1"))
                .anySatisfy(m -> assertThat(m).startsWith("places[1].time_of_use[1] overlaps an earlier period (22:00-06:00)"))
                .anySatisfy(m -> assertThat(m).startsWith("places[1].time_of_use[2].from \"25:00\" must be a time of day"))
                .anySatisfy(m -> assertThat(m).startsWith("places[2].name \"work\" is the name of an earlier place"))
                .anySatisfy(m -> assertThat(m).startsWith("places[3].name \"other\" is the name of everywhere else"))
                .anySatisfy(m -> assertThat(m).isEqualTo("price_per_kwh.supercharger must be a number"))
                .anySatisfy(m -> assertThat(m).startsWith("price_per_kwh.ccs is not a field of the places file")));
        assertThatThrownBy(() -> PlacesFile.parse("[1, 2")).isInstanceOfSatisfying(PlacesFileException.class,
                e -> assertThat(e.problems()).singleElement().asString().startsWith("is not a JSON object"));
        String noCurrency = "{\"places\": [{\"name\": \"home\", \"latitude\": 1, \"longitude\": 1,"
                + " \"radius_m\": 50, \"price_per_kwh\": 0.3}]}";
        assertThatThrownBy(() -> PlacesFile.parse(noCurrency)).isInstanceOfSatisfying(PlacesFileException.class,
                e -> assertThat(e.problems()).containsExactly("currency is missing: the prices need one (e.g. \"currency\": \"EUR\")"));
    }

    @Test
    void aFileWithoutPricesNeedsNoCurrency() throws Exception {
        Places p = PlacesFile.parse("{\"places\": [{\"name\": \"home\", \"latitude\": 1, \"longitude\": 1, \"radius_m\": 50}]}");
        assertThat(p.currency()).isNull();
        assertThat(p.nameAt(1.0, 1.0)).isEqualTo("home");
        assertThat(p.timeZone()).isEqualTo(ZoneId.of("UTC"));
    }
}
