package org.teslaexporter.telemetry;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.teslaexporter.vehicle.TelemetryTranslator;
import org.teslaexporter.vehicle.TrackedVehicle;

/**
 * One MQTT message of the fleet-telemetry dispatcher, from topic and bytes to a change of one
 * monitored vehicle. Work in proportion to the message: one topic match, one JSON value of at most
 * {@link #MAX_PAYLOAD} bytes, one vehicle changed. Whatever is wrong with a message is counted by
 * {@link Result} and changes nothing: a VIN that is not monitored, a topic outside the base,
 * JSON that does not parse, a payload too large. Never throws.
 */
final class TelemetryIngest {

    /** The largest payload read; the dispatcher's largest (a door or location object) is ~150 bytes. */
    static final int MAX_PAYLOAD = 16 * 1024;
    /** Alerts kept per vehicle: a broker inventing names cannot grow memory. */
    static final int MAX_ALERTS = 64;

    /** What became of a message; the label of {@code tesla_telemetry_messages_total{result}}. */
    enum Result {
        ACCEPTED, IGNORED, UNKNOWN_FIELD, UNKNOWN_VEHICLE, OFF_TOPIC, MALFORMED, TOO_LARGE,
        /** In a cluster: a car another member reads, so its messages are applied there (counted only in a cluster). */
        ANOTHER_MEMBER,
        /**
         * In a cluster: a car the cluster lists that this member is to read but has not started yet (the
         * partitions just moved); kept for it (counted only in a cluster).
         */
        HELD;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether only a member of a cluster can have this result (its series is shown only there). */
        boolean clusterOnly() {
            return this == ANOTHER_MEMBER || this == HELD;
        }

        /** Whether the message was not used for a reason worth a warning: not for a car read elsewhere or held. */
        boolean complaint() {
            return this != ACCEPTED && this != IGNORED && !clusterOnly();
        }
    }

    /** Where changes go: true if the VIN is monitored (and the change was made). */
    interface Vehicles {
        boolean change(String vin, UnaryOperator<TrackedVehicle> change);
    }

    private final String base;
    private final Vehicles vehicles;
    private final Consumer<String> signal;
    private final java.util.function.Predicate<String> mine;
    private final java.util.function.Predicate<String> listed;
    private final StreamHold hold = new StreamHold();
    /** A car's messages and its catching up are applied one at a time, in order (striped: no lock object per car). */
    private final Object[] locks = new Object[64];
    private final Clock clock;
    private final TelemetryTranslator translator = new TelemetryTranslator();

    /**
     * @param signal told the VIN of every streamed field of Tesla's list for a monitored car (each is billed
     *               by Tesla); a field name Tesla does not have is no signal
     */
    TelemetryIngest(String base, Vehicles vehicles, Consumer<String> signal, Clock clock) {
        this(base, vehicles, signal, vin -> true, clock);
    }

    /**
     * @param mine in a cluster, whether this member reads the car: every member hears every message, and each
     *             is applied by the car's owner alone (a local look at the partition table, before any parsing)
     */
    TelemetryIngest(String base, Vehicles vehicles, Consumer<String> signal, java.util.function.Predicate<String> mine, Clock clock) {
        this(base, vehicles, signal, mine, vin -> false, clock);
    }

    /**
     * @param listed in a cluster, whether the cluster lists the car (in one of its accounts, selected): the
     *               messages of such a car this member does not read are held ({@link StreamHold}) and applied
     *               when it starts reading the car ({@link #catchUp})
     */
    TelemetryIngest(String base, Vehicles vehicles, Consumer<String> signal, java.util.function.Predicate<String> mine,
            java.util.function.Predicate<String> listed, Clock clock) {
        this.mine = mine;
        this.listed = listed;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        this.base = base;
        this.vehicles = vehicles;
        this.signal = signal;
        this.clock = clock;
    }

    Result accept(String topic, byte[] payload) {
        MqttTopic t = MqttTopic.parse(base, topic);
        if (t == null) {
            return Result.OFF_TOPIC;
        }
        if (!mine.test(t.vin())) {
            if (listed.test(t.vin())) {
                synchronized (lock(t.vin())) {
                    hold.hold(t, payload, clock.instant());
                }
            }
            return Result.ANOTHER_MEMBER;
        }
        if (payload == null || payload.length > MAX_PAYLOAD) {
            return Result.TOO_LARGE;
        }
        JsonValue value = parse(payload);
        if (value == null) {
            return Result.MALFORMED;
        }
        var now = clock.instant();
        synchronized (lock(t.vin())) {
            replay(t.vin());
            Result r = apply(t, value, now, true);
            if (r == Result.UNKNOWN_VEHICLE && listed.test(t.vin())) {
                hold.hold(t, payload, now);
                return Result.HELD;
            }
            return r;
        }
    }

    /**
     * This member has just started reading {@code vin} (it is monitored here now): what the stream said
     * of it meanwhile is applied, before any later message. Nothing to do (one look-up) for the others.
     */
    void catchUp(String vin) {
        if (hold.holds(vin)) {
            synchronized (lock(vin)) {
                replay(vin);
            }
        }
    }

    /** The cluster no longer lists {@code vin}: what was held for it goes. */
    void forget(String vin) {
        synchronized (lock(vin)) {
            hold.drop(vin);
        }
    }

    /** How many cars have messages held (for tests). */
    int holding() {
        return hold.cars();
    }

    /**
     * The held messages of a car now monitored here, at the times they arrived. Their signals are not
     * billed again: a message held while its reader still lived was counted there, and which were is not
     * known (at most one failure detection's worth of a member's cars goes uncounted).
     */
    private void replay(String vin) {
        if (!hold.holds(vin)) {
            return;
        }
        List<StreamHold.Held> held = hold.take(vin);
        if (!vehicles.change(vin, v -> v)) {      // a look-up: an unchanged vehicle is told to no one
            // not monitored here after all (the partitions moved on): kept for whoever reads it
            held.forEach(h -> hold.hold(h.topic(), h.payload(), h.at()));
            return;
        }
        for (StreamHold.Held h : held) {
            JsonValue value = parse(h.payload());
            if (value != null) {
                apply(h.topic(), value, h.at(), false);
            }
        }
    }

    private Object lock(String vin) {
        return locks[Math.floorMod(vin.hashCode(), locks.length)];
    }

    private static JsonValue parse(byte[] payload) {
        try (var reader = Json.createReader(new ByteArrayInputStream(payload))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException | ClassCastException malformed) {
            return null;
        }
    }

    private Result apply(MqttTopic t, JsonValue value, java.time.Instant at, boolean bill) {
        return switch (t.kind()) {
            case FIELD -> field(t, value, at, bill);
            case CONNECTIVITY -> connectivity(t, value);
            case ALERT -> alert(t, value);
        };
    }

    private Result field(MqttTopic t, JsonValue value, java.time.Instant now, boolean bill) {
        TelemetryTranslator.Outcome[] outcome = new TelemetryTranslator.Outcome[1];
        boolean monitored = vehicles.change(t.vin(), v -> {
            TelemetryTranslator.Result r = translator.field(v, t.name(), value, now);
            outcome[0] = r.outcome();
            return r.vehicle();
        });
        if (!monitored) {
            return Result.UNKNOWN_VEHICLE;
        }
        if (bill && outcome[0] != TelemetryTranslator.Outcome.UNKNOWN) {
            signal.accept(t.vin());     // only Tesla's own fields are billed signals
        }
        return switch (outcome[0]) {
            case APPLIED -> Result.ACCEPTED;
            case IGNORED -> Result.IGNORED;
            case UNKNOWN -> Result.UNKNOWN_FIELD;
        };
    }

    private Result connectivity(MqttTopic t, JsonValue value) {
        Boolean connected = TelemetryTranslator.connected(value);
        if (connected == null) {
            return Result.MALFORMED;
        }
        return vehicles.change(t.vin(), v -> v.withConnected(connected)) ? Result.ACCEPTED : Result.UNKNOWN_VEHICLE;
    }

    private Result alert(MqttTopic t, JsonValue value) {
        Boolean active = TelemetryTranslator.alertActive(value);
        if (active == null) {
            return Result.MALFORMED;
        }
        Result[] result = {Result.ACCEPTED};
        boolean monitored = vehicles.change(t.vin(), v -> {
            if (!v.streaming().alerts().containsKey(t.name()) && v.streaming().alerts().size() >= MAX_ALERTS) {
                result[0] = Result.IGNORED;
                return v;
            }
            return v.withAlert(t.name(), active);
        });
        return monitored ? result[0] : Result.UNKNOWN_VEHICLE;
    }
}
