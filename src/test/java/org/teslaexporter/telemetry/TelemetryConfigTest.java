package org.teslaexporter.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.teslaexporter.fleetapi.TelemetryConfigState;
import org.teslaexporter.vehicle.TelemetryTranslator;

/** The wanted config: what is compared with Tesla's, and the signed JWT. */
class TelemetryConfigTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private final TelemetryConfig wanted = TelemetryConfig.wanted("telemetry.example.com", 443, CA, true, NOW);

    private TelemetryConfigState.Config held(String host, Map<String, Integer> fields, Instant exp) {
        return new TelemetryConfigState.Config(host, 443, CA.replace("\n", "\r\n"), fields, exp);
    }

    @Test
    void aConfigIsSentAgainWhenItDiffersOrExpiresWithinTwentyDays() {
        assertThat(wanted.heldBy(held("telemetry.example.com", wanted.fields(), NOW.plus(Duration.ofDays(59))), NOW)).isTrue();
        assertThat(wanted.heldBy(null, NOW)).as("none").isFalse();
        assertThat(wanted.heldBy(held("other.example.com", wanted.fields(), NOW.plus(Duration.ofDays(59))), NOW)).isFalse();
        Map<String, Integer> fewer = new HashMap<>(wanted.fields());
        fewer.remove("BatteryLevel");
        assertThat(wanted.heldBy(held("telemetry.example.com", fewer, NOW.plus(Duration.ofDays(59))), NOW)).isFalse();
        assertThat(wanted.heldBy(held("telemetry.example.com", wanted.fields(), NOW.plus(Duration.ofDays(19))), NOW))
                .as("expiring soon").isFalse();
    }

    @Test
    void everyRequestedFieldIsOneTheTranslatorPublishesAndThePositionOnlyWhenAllowed() {
        assertThat(TelemetryTranslator.published()).containsAll(TelemetryConfig.fields(true).keySet());
        assertThat(TelemetryConfig.fields(false)).doesNotContainKeys("Location", "GpsHeading");
        assertThat(TelemetryConfig.fields(true).values()).allMatch(i -> i >= 10 && i <= 3600);
    }

    @Test
    void theJwtCarriesTheConfigAndVerifiesWithTheAppKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        String[] jwt = wanted.jwt(keys).split("\\.");
        Base64.Decoder url = Base64.getUrlDecoder();
        assertThat(new String(url.decode(jwt[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"Tesla.SS256\",\"typ\":\"JWT\"}");
        JsonObject claims;
        try (var reader = Json.createReader(new StringReader(new String(url.decode(jwt[1]), StandardCharsets.UTF_8)))) {
            claims = reader.readObject();
        }
        ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
        assertThat(claims.getString("iss")).isEqualTo(Base64.getEncoder().encodeToString(TeslaSchnorr.uncompressed(publicKey.getW())));
        assertThat(claims.getString("aud")).isEqualTo("com.tesla.fleet.TelemetryClient");
        assertThat(claims.getJsonNumber("exp").longValue()).isEqualTo(NOW.plus(TelemetryConfig.LIFETIME).getEpochSecond());
        assertThat(claims.getJsonArray("alert_types").getString(0)).isEqualTo("service");
        assertThat(TeslaSchnorr.verify(publicKey.getW(), (jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII), url.decode(jwt[2])))
                .isTrue();
    }
}
