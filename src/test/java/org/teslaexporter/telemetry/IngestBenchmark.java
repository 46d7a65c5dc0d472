package org.teslaexporter.telemetry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.teslaexporter.metrics.MetricFamily;
import org.teslaexporter.metrics.VehicleMetrics;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * Benchmark of a streamed message's work in the exporter (src/bench/stream-benchmark.sh): topic
 * match, JSON, translation, the car's change, and the car's samples computed again as the publisher
 * does (without the registry and without the MQTT client). Prints messages per second and the cost
 * of one message, for a fleet of 1 and of 1,000 cars: a message costs the same whatever the fleet.
 * Then one member of a cluster of three hearing 1,000 cars' messages: it reads a third of the cars and
 * keeps the latest message per topic of the others for a hand-over ({@link StreamHold}).
 */
public final class IngestBenchmark {

    private static final List<String[]> MESSAGES = List.of(
            new String[] {"v/VehicleSpeed", "\"42.5\""}, new String[] {"v/Odometer", "12345.6"},
            new String[] {"v/BatteryLevel", "77"}, new String[] {"v/Gear", "\"ShiftStateD\""},
            new String[] {"v/Location", "{\"latitude\":52.1,\"longitude\":4.3}"}, new String[] {"v/PackVoltage", "398.2"},
            new String[] {"v/DoorState", "{\"DriverFront\":false,\"PassengerFront\":false,\"DriverRear\":false,"
                    + "\"PassengerRear\":false,\"TrunkFront\":false,\"TrunkRear\":false}"},
            new String[] {"v/DetailedChargeState", "\"DetailedChargeStateDisconnected\""}, new String[] {"v/InsideTemp", "21.5"},
            new String[] {"v/Garbage", "\"bad value\""});

    private IngestBenchmark() {
    }

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        for (int cars : new int[] {1, 1000}) {
            run(cars, messages / 10, false, false);     // warm-up
            run(cars, messages, true, false);
        }
        run(1000, messages / 10, false, true);
        run(1000, messages, true, true);
    }

    private static void run(int cars, int messages, boolean print, boolean member) {
        Map<String, TrackedVehicle> fleet = new HashMap<>();
        String[] vins = new String[cars];
        for (int i = 0; i < cars; i++) {
            vins[i] = String.format(Locale.ROOT, "5YJ3E1EA1KF%06d", i);
            fleet.put(vins[i], new TrackedVehicle(new VehicleSummary(vins[i], "car " + i, OnlineState.ONLINE), null, null));
        }
        double[] sink = {0};
        TelemetryIngest.Vehicles vehicles = (vin, change) -> {
            TrackedVehicle after = fleet.computeIfPresent(vin, (k, v) -> change.apply(v));
            if (after == null) {
                return false;
            }
            for (MetricFamily family : VehicleMetrics.FAMILIES) {     // what MetricsPublisher computes for the car
                for (double d : family.samples(after).values()) {
                    sink[0] += d;
                }
            }
            return true;
        };
        // a member of three: a third of the cars are read here, the others' messages are held (all are listed)
        TelemetryIngest ingest = member
                ? new TelemetryIngest("telemetry", vehicles, vin -> { }, vin -> Math.floorMod(vin.hashCode(), 3) == 0, vin -> true,
                        Clock.systemUTC())
                : new TelemetryIngest("telemetry", vehicles, vin -> { }, Clock.systemUTC());
        byte[][] payloads = MESSAGES.stream().map(m -> m[1].getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        long started = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            int m = i % MESSAGES.size();
            ingest.accept("telemetry/" + vins[(i / MESSAGES.size()) % cars] + "/" + MESSAGES.get(m)[0], payloads[m]);
        }
        long nanos = System.nanoTime() - started;
        if (print) {
            System.out.printf(Locale.ROOT, "%,d cars%s: %,d messages in %.2f s = %,.0f messages/s, %.1f µs each (one core)%s%n",
                    cars, member ? ", one member of three" : "", messages, nanos / 1e9, messages / (nanos / 1e9), nanos / 1e3 / messages,
                    member ? "; messages held for " + ingest.holding() + " cars read elsewhere" : "");
        }
        if (sink[0] == 42) {
            System.out.println();
        }
    }

}
