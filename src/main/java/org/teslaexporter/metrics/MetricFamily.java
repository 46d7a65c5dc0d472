package org.teslaexporter.metrics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSnapshot;

/**
 * One metric family of a vehicle: its name, help, extra label names (beyond {@code vin} and
 * {@code vehicle_name}) and how to read its samples from a {@link TrackedVehicle}. Samples are keyed
 * by label values; an unknown value simply has no sample, so its series is absent.
 */
public record MetricFamily(String name, String help, List<String> labelNames,
        Function<TrackedVehicle, Map<List<String>, Double>> reader) {

    public Map<List<String>, Double> samples(TrackedVehicle vehicle) {
        return reader.apply(vehicle);
    }

    /** A family with one series per vehicle, read from the snapshot; absent until data arrives. */
    static MetricFamily scalar(String name, String help, Function<VehicleSnapshot, Object> value) {
        return tracked(name, help, v -> v.snapshot() == null ? null : value.apply(v.snapshot()));
    }

    /** A family with one series per vehicle, read from the tracked vehicle itself (state, health). */
    static MetricFamily tracked(String name, String help, Function<TrackedVehicle, Object> value) {
        return new MetricFamily(name, help, List.of(), v -> {
            Double d = number(value.apply(v));
            return d == null ? Map.of() : Map.of(List.of(), d);
        });
    }

    /** One series per key of a map in the snapshot (tyres, doors, seats …). */
    static MetricFamily labeled(String name, String help, String label,
            Function<VehicleSnapshot, Map<String, ?>> values) {
        return new MetricFamily(name, help, List.of(label), v -> {
            if (v.snapshot() == null) {
                return Map.of();
            }
            Map<List<String>, Double> samples = new LinkedHashMap<>();
            values.apply(v.snapshot()).forEach((key, value) -> {
                Double d = number(value);
                if (d != null) {
                    samples.put(List.of(key), d);
                }
            });
            return Collections.unmodifiableMap(samples);
        });
    }

    /**
     * A state set: every known state as a series, 1 for the current one, 0 for the others; a state
     * Tesla adds later gets its own series. Absent while the state is unknown.
     */
    static MetricFamily stateSet(String name, String help, String label, List<String> states,
            Function<TrackedVehicle, String> current) {
        return new MetricFamily(name, help, List.of(label), v -> {
            String now = current.apply(v);
            if (now == null) {
                return Map.of();
            }
            Map<List<String>, Double> samples = new LinkedHashMap<>();
            states.forEach(s -> samples.put(List.of(s), s.equals(now) ? 1.0 : 0.0));
            samples.putIfAbsent(List.of(now), 1.0);
            return Collections.unmodifiableMap(samples);
        });
    }

    /** An {@code _info} family: value 1, the facts in labels; unknown facts become empty labels. */
    static MetricFamily info(String name, String help, List<String> labels,
            Function<VehicleSnapshot, List<String>> values) {
        return new MetricFamily(name, help, labels, v -> {
            if (v.snapshot() == null) {
                return Map.of();
            }
            List<String> facts = values.apply(v.snapshot()).stream().map(s -> s == null ? "" : s).toList();
            return facts.stream().allMatch(String::isEmpty) ? Map.of() : Map.of(facts, 1.0);
        });
    }

    /** Numbers as they are, booleans as 1/0, instants as epoch seconds; anything else is unknown. */
    static Double number(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (value instanceof Instant t) {
            return t.toEpochMilli() / 1000.0;
        }
        return null;
    }
}
