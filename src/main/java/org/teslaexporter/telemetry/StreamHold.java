package org.teslaexporter.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.teslaexporter.vehicle.TelemetryTranslator;

/**
 * In a cluster, what the stream said of cars this member does not read (yet): for each car the cluster
 * lists, the latest message of each topic with the time it arrived. Every member hears every message;
 * when a member starts reading a car (a hand-over), {@link TelemetryIngest} applies what is held here
 * first, in arrival order. So what a car sent while its last reader was failing (Hazelcast takes 10 s
 * to tell), or while the partitions moved, is not lost: Tesla sends a field when it changes, and a value
 * missed may not come again for hours.
 *
 * <p>Bounded whatever a broker sends: cars the cluster lists only (the caller checks), Tesla's field
 * names the translator publishes, {@link TelemetryIngest#MAX_ALERTS} alerts, one connectivity status,
 * payloads of {@link #MAX_PAYLOAD} bytes at most. Work per message: one map entry.
 *
 * <p>The caller holds the car's lock ({@link TelemetryIngest}'s stripes) around {@link #hold}, {@link #take}
 * and {@link #drop}, so one car's held messages are never changed by two threads; {@link #holds} needs none.
 */
final class StreamHold {

    /** The largest payload held; the dispatcher's largest (a door or location object) is ~150 bytes. */
    static final int MAX_PAYLOAD = 1024;
    private static final java.util.Set<String> FIELDS = TelemetryTranslator.published();
    private static final int MAX_TOPICS = FIELDS.size() + TelemetryIngest.MAX_ALERTS + 1;

    /** One held message. */
    record Held(MqttTopic topic, byte[] payload, Instant at) {
    }

    private final Map<String, Map<String, Held>> byVin = new ConcurrentHashMap<>();

    /** Keeps {@code payload} as the latest of its topic for the car, unless it is too large or a field not published. */
    void hold(MqttTopic topic, byte[] payload, Instant at) {
        if (payload == null || payload.length > MAX_PAYLOAD
                || topic.kind() == MqttTopic.Kind.FIELD && !FIELDS.contains(topic.name())) {
            return;
        }
        String key = topic.kind() + "/" + topic.name();
        Map<String, Held> car = byVin.computeIfAbsent(topic.vin(), v -> new LinkedHashMap<>());
        if (car.containsKey(key) || car.size() < MAX_TOPICS) {
            car.put(key, new Held(topic, payload.clone(), at));
        }
    }

    /** Whether anything is held for the car (one map look-up). */
    boolean holds(String vin) {
        return byVin.containsKey(vin);
    }

    /** Takes what is held for the car, oldest first; nothing is held for it afterwards. */
    List<Held> take(String vin) {
        Map<String, Held> car = byVin.remove(vin);
        if (car == null) {
            return List.of();
        }
        List<Held> held = new ArrayList<>(car.values());
        held.sort(Comparator.comparing(Held::at));
        return held;
    }

    /** Forgets the car (no longer listed by the cluster). */
    void drop(String vin) {
        byVin.remove(vin);
    }

    /** How many cars have messages held (for tests and the benchmark). */
    int cars() {
        return byVin.size();
    }
}
