package org.teslaexporter.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestClock;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSummary;

/** Messages in the dispatcher's format change one monitored car; anything else is counted and changes nothing. */
class TelemetryIngestTest {

    static final String VIN = "5YJ3E1EA7KF000001";
    private final Map<String, TrackedVehicle> cars = new HashMap<>(Map.of(VIN,
            new TrackedVehicle(new VehicleSummary(VIN, "Blue", OnlineState.ASLEEP), null, null)));
    private final List<String> signals = new ArrayList<>();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final TelemetryIngest ingest = new TelemetryIngest("telemetry", this::change, signals::add, clock);

    private boolean change(String vin, UnaryOperator<TrackedVehicle> change) {
        return cars.computeIfPresent(vin, (k, v) -> change.apply(v)) != null;
    }

    private TelemetryIngest.Result send(String topic, String payload) {
        return ingest.accept(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private TrackedVehicle car() {
        return cars.get(VIN);
    }

    @Test
    void aFieldChangesTheCarAndCountsASignal() {
        assertThat(send("telemetry/" + VIN + "/v/BatteryLevel", "\"81\"")).isEqualTo(TelemetryIngest.Result.ACCEPTED);
        assertThat(car().snapshot().charge().batteryLevelPercent()).isEqualTo(81.0);
        assertThat(car().summary().state()).isEqualTo(OnlineState.ONLINE);
        assertThat(signals).containsExactly(VIN);
        assertThat(send("telemetry/" + VIN + "/v/LateralAcceleration", "0.1")).isEqualTo(TelemetryIngest.Result.IGNORED);
        assertThat(send("telemetry/" + VIN + "/v/FluxCapacitor", "1.21")).isEqualTo(TelemetryIngest.Result.UNKNOWN_FIELD);
        assertThat(signals).as("every field of Tesla's list is billed, a made-up one is not").hasSize(2);
    }

    @Test
    void fieldsTeslaDoesNotHaveAreNoSignOfLife() {
        TrackedVehicle before = car();
        for (int i = 0; i < 10; i++) {
            clock.advance(java.time.Duration.ofSeconds(5));
            assertThat(send("telemetry/" + VIN + "/v/Keepalive" + i, "true")).isEqualTo(TelemetryIngest.Result.UNKNOWN_FIELD);
        }
        assertThat(car()).as("neither the last signal nor the car's state changed").isEqualTo(before);
        assertThat(car().streaming().lastSignalAt()).isNull();
        assertThat(signals).as("not billed").isEmpty();
    }

    @Test
    void connectivityAndAlertsAreRead() {
        assertThat(send("telemetry/" + VIN + "/connectivity", "{\"ConnectionId\": \"x\", \"Status\": \"CONNECTED\", \"CreatedAt\": \"2026-11-28T12:00:00Z\"}"))
                .isEqualTo(TelemetryIngest.Result.ACCEPTED);
        assertThat(car().streaming().connected()).isTrue();
        send("telemetry/" + VIN + "/connectivity", "{\"Status\": \"DISCONNECTED\"}");
        assertThat(car().streaming().connected()).isFalse();
        assertThat(send("telemetry/" + VIN + "/connectivity", "{\"Status\": 7}")).isEqualTo(TelemetryIngest.Result.MALFORMED);

        send("telemetry/" + VIN + "/alerts/BMS_a066_w_BrickVoltageLow/current", "{\"StartedAt\": \"2026-11-28T11:00:00Z\", \"Audiences\": [\"Customer\"]}");
        assertThat(car().streaming().alerts()).containsEntry("BMS_a066_w_BrickVoltageLow", true);
        send("telemetry/" + VIN + "/alerts/BMS_a066_w_BrickVoltageLow/current",
                "{\"StartedAt\": \"2026-11-28T11:00:00Z\", \"EndedAt\": \"2026-11-28T11:30:00Z\"}");
        assertThat(car().streaming().alerts()).containsEntry("BMS_a066_w_BrickVoltageLow", false);
    }

    @Test
    void badMessagesAreCountedAndChangeNothing() {
        TrackedVehicle before = car();
        assertThat(send("telemetry/5YJ3E1EA7KF999999/v/BatteryLevel", "50")).isEqualTo(TelemetryIngest.Result.UNKNOWN_VEHICLE);
        assertThat(send("other/" + VIN + "/v/BatteryLevel", "50")).isEqualTo(TelemetryIngest.Result.OFF_TOPIC);
        assertThat(send("telemetry/" + VIN + "/v/Battery+Level", "50")).isEqualTo(TelemetryIngest.Result.OFF_TOPIC);
        assertThat(send("telemetry/" + VIN + "/alerts/x/history", "[]")).isEqualTo(TelemetryIngest.Result.OFF_TOPIC);
        assertThat(send("telemetry/" + VIN + "/v/BatteryLevel", "{\"unterminated")).isEqualTo(TelemetryIngest.Result.MALFORMED);
        assertThat(send("telemetry/" + VIN + "/v/BatteryLevel", "")).isEqualTo(TelemetryIngest.Result.MALFORMED);
        assertThat(ingest.accept("telemetry/" + VIN + "/v/BatteryLevel", new byte[TelemetryIngest.MAX_PAYLOAD + 1]))
                .isEqualTo(TelemetryIngest.Result.TOO_LARGE);
        assertThat(car()).isEqualTo(before);
        assertThat(signals).isEmpty();
    }

    @Test
    void aBrokerInventingAlertNamesCannotGrowMemory() {
        for (int i = 0; i < 1000; i++) {
            send("telemetry/" + VIN + "/alerts/Alert" + i + "/current", "{\"StartedAt\": \"2026-11-28T11:00:00Z\"}");
        }
        assertThat(car().streaming().alerts()).hasSize(TelemetryIngest.MAX_ALERTS);
    }

    @Test
    void thePacketGuardRefusesAnAnnouncedHugePacketBeforeItIsRead() throws IOException {
        int[] tripped = {0};
        // a PUBLISH of 5 bytes passes, then one announcing 200 MB (remaining length 0xff 0xff 0xff 0x5f)
        byte[] wire = {0x30, 5, 0, 1, 't', 'h', 'i', 0x30, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x5f, 1, 2, 3};
        InputStream in = new BoundedMqttSocketFactory.PacketGuard(new ByteArrayInputStream(wire), 64 * 1024, () -> tripped[0]++);
        byte[] buffer = new byte[100];
        assertThat(in.read()).isEqualTo(0x30);
        assertThat(in.read()).isEqualTo(5);
        assertThat(in.readNBytes(buffer, 0, 5)).isEqualTo(5);
        assertThat(in.read()).isEqualTo(0x30);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            for (int i = 0; i < 4; i++) {
                in.read();
            }
        }).isInstanceOf(BoundedMqttSocketFactory.PacketTooLargeException.class);
        assertThat(tripped[0]).isEqualTo(1);
    }

    // --- a cluster: messages of cars another member reads are held, and applied when this member takes one over ---

    private final java.util.concurrent.atomic.AtomicBoolean mine = new java.util.concurrent.atomic.AtomicBoolean(false);
    private final java.util.Set<String> listed = new java.util.HashSet<>(java.util.Set.of(VIN));
    private final TelemetryIngest member = new TelemetryIngest("telemetry", this::change, signals::add, vin -> mine.get(),
            listed::contains, clock);

    private TelemetryIngest.Result hear(String topic, String payload) {
        return member.accept(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whatTheStreamSaidOfACarReadElsewhereIsAppliedWhenItIsTakenOver() {
        Instant first = clock.instant();
        assertThat(hear("telemetry/" + VIN + "/v/BatteryLevel", "55")).isEqualTo(TelemetryIngest.Result.ANOTHER_MEMBER);
        clock.advance(java.time.Duration.ofSeconds(5));
        Instant last = clock.instant();
        hear("telemetry/" + VIN + "/v/BatteryLevel", "56");
        hear("telemetry/" + VIN + "/alerts/BMS_w_LowSoc/current", "{\"StartedAt\":\"2026-11-28T12:00:00Z\"}");
        assertThat(car().snapshot()).as("another member's car is not changed here").isNull();
        assertThat(signals).as("nor billed here").isEmpty();

        clock.advance(java.time.Duration.ofSeconds(20));
        mine.set(true);
        member.catchUp(VIN);
        assertThat(car().snapshot().charge().batteryLevelPercent()).as("the latest held value").isEqualTo(56.0);
        assertThat(car().streaming().alerts()).containsEntry("BMS_w_LowSoc", true);
        assertThat(car().streaming().lastSignalAt()).as("at the time it arrived, not now").isEqualTo(last).isAfter(first);
        assertThat(signals).as("billed where it was heard while its reader lived, not again").isEmpty();
        assertThat(member.holding()).isZero();
        member.catchUp(VIN);
        assertThat(car().snapshot().charge().batteryLevelPercent()).isEqualTo(56.0);
    }

    @Test
    void aLiveMessageAfterTheHandOverComesAfterWhatWasHeld() {
        hear("telemetry/" + VIN + "/v/BatteryLevel", "56");
        hear("telemetry/" + VIN + "/v/Odometer", "1000");
        mine.set(true);
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(hear("telemetry/" + VIN + "/v/BatteryLevel", "57")).isEqualTo(TelemetryIngest.Result.ACCEPTED);
        assertThat(car().snapshot().charge().batteryLevelPercent()).as("the live value, not the held one after it").isEqualTo(57.0);
        assertThat(car().snapshot().body().odometerKm()).as("and what was held of the other fields").isNotNull();
        assertThat(member.holding()).isZero();
    }

    @Test
    void aCarThisMemberIsToReadButHasNotStartedIsHeldForIt() {
        cars.remove(VIN);
        mine.set(true);
        assertThat(hear("telemetry/" + VIN + "/v/BatteryLevel", "48")).isEqualTo(TelemetryIngest.Result.HELD);
        member.catchUp(VIN);
        assertThat(member.holding()).as("not monitored yet: still held").isOne();
        cars.put(VIN, new TrackedVehicle(new VehicleSummary(VIN, "Blue", OnlineState.ONLINE), null, null));
        member.catchUp(VIN);
        assertThat(car().snapshot().charge().batteryLevelPercent()).isEqualTo(48.0);
        assertThat(hear("telemetry/5YJ3E1EA1KF099999/v/BatteryLevel", "50")).as("a car nobody lists")
                .isEqualTo(TelemetryIngest.Result.UNKNOWN_VEHICLE);
        assertThat(member.holding()).isZero();
    }

    @Test
    void whatIsHeldIsBoundedWhateverTheBrokerSends() {
        hear("telemetry/5YJ3E1EA1KF099999/v/BatteryLevel", "50");
        assertThat(member.holding()).as("a car the cluster does not list").isZero();
        hear("telemetry/" + VIN + "/v/FluxCapacitor", "1.21");
        hear("telemetry/" + VIN + "/v/VehicleName", "\"" + "x".repeat(StreamHold.MAX_PAYLOAD) + "\"");
        assertThat(member.holding()).as("a field Tesla does not have, a payload too large").isZero();
        for (int i = 0; i < 500; i++) {
            hear("telemetry/" + VIN + "/alerts/Made_up_" + i + "/current", "{\"StartedAt\":\"2026-11-28T12:00:00Z\"}");
        }
        mine.set(true);
        member.catchUp(VIN);
        assertThat(car().streaming().alerts()).hasSizeLessThanOrEqualTo(TelemetryIngest.MAX_ALERTS);
        mine.set(false);
        hear("telemetry/" + VIN + "/v/BatteryLevel", "50");
        member.forget(VIN);
        assertThat(member.holding()).as("a car no longer listed").isZero();
    }
}
