package org.teslaexporter.telemetry;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Clock;
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
        ANOTHER_MEMBER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
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
        this.mine = mine;
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
            return Result.ANOTHER_MEMBER;
        }
        if (payload == null || payload.length > MAX_PAYLOAD) {
            return Result.TOO_LARGE;
        }
        JsonValue value;
        try (var reader = Json.createReader(new ByteArrayInputStream(payload))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException | ClassCastException malformed) {
            return Result.MALFORMED;
        }
        var now = clock.instant();
        return switch (t.kind()) {
            case FIELD -> field(t, value, now);
            case CONNECTIVITY -> connectivity(t, value);
            case ALERT -> alert(t, value);
        };
    }

    private Result field(MqttTopic t, JsonValue value, java.time.Instant now) {
        TelemetryTranslator.Outcome[] outcome = new TelemetryTranslator.Outcome[1];
        boolean monitored = vehicles.change(t.vin(), v -> {
            TelemetryTranslator.Result r = translator.field(v, t.name(), value, now);
            outcome[0] = r.outcome();
            return r.vehicle();
        });
        if (!monitored) {
            return Result.UNKNOWN_VEHICLE;
        }
        if (outcome[0] != TelemetryTranslator.Outcome.UNKNOWN) {
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
