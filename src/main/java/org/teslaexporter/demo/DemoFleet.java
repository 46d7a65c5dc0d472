package org.teslaexporter.demo;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The demo account: two simulated cars at different times of their day: within seconds one leaves
 * home and the other finishes its charge there, and within two minutes the first arrives at work —
 * the journal's page, counters and dashboard have a drive, a charge and a parked period to show at once.
 */
@ApplicationScoped
public class DemoFleet {

    private final List<SimulatedCar> cars;

    public DemoFleet() {
        Instant start = Instant.now();
        cars = List.of(
                new SimulatedCar("5YJ3E7EB0NF000001", "Demo Model 3", "model3", 100000000000001L, Duration.ofSeconds(15), start),
                new SimulatedCar("7SAYGDEF0PF000002", "Demo Model Y", "modely", 100000000000002L, Duration.ofSeconds(400), start));
    }

    public List<SimulatedCar> cars() {
        return cars;
    }

    public Optional<SimulatedCar> car(String vin) {
        return cars.stream().filter(c -> c.vin().equalsIgnoreCase(vin)).findFirst();
    }
}
