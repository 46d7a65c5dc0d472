package org.teslaexporter.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;

/** Tesla.SS256 against the checked vectors of teslamotors/vehicle-command (in ../shared), and round trips. */
class TeslaSchnorrTest {

    private static final HexFormat HEX = HexFormat.of();

    private static JsonObject vector(String name) {
        return Fixtures.json(Fixtures.sharedTelemetry("tesla-ss256-vectors.json")).getJsonObject(name);
    }

    private static BigInteger scalar(JsonObject v) {
        return new BigInteger(v.getString("private_scalar_hex"), 16);
    }

    @Test
    void theNonceIsRfc6979sA25Vector() {
        JsonObject v = vector("deterministic_nonce_rfc6979_A_2_5");
        byte[] digest = TeslaSchnorr.sha256(v.getString("message_utf8").getBytes(StandardCharsets.UTF_8));
        assertThat(TeslaSchnorr.nonce(scalar(v), digest).toString(16)).isEqualTo(v.getString("expected_nonce_hex"));
    }

    @Test
    void aNonceCandidateAboveTheGroupOrderIsRejectedForTheNext() {
        JsonObject v = vector("rejection_sampling");
        BigInteger nonce = TeslaSchnorr.nonce(scalar(v), HEX.parseHex(v.getString("message_digest_hex")));
        assertThat(HEX.formatHex(TeslaSchnorr.fixed(nonce))).isEqualTo(v.getString("expected_nonce_hex"));
    }

    @Test
    void theSignatureIsTheVectorsAndVerifies() {
        JsonObject v = vector("signature");
        byte[] message = v.getString("message_utf8").getBytes(StandardCharsets.UTF_8);
        byte[] signature = TeslaSchnorr.sign(scalar(v), message);
        assertThat(HEX.formatHex(signature)).isEqualTo(v.getString("expected_signature_hex"));
        assertThat(TeslaSchnorr.verify(TeslaSchnorr.publicPoint(scalar(v)), message, signature)).isTrue();
    }

    @Test
    void aJdkGeneratedKeySignsAndVerifiesAndATamperedMessageOrSignatureFails() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        BigInteger a = ((ECPrivateKey) pair.getPrivate()).getS();
        var publicKey = ((ECPublicKey) pair.getPublic()).getW();
        assertThat(TeslaSchnorr.publicPoint(a)).as("our arithmetic agrees with the JDK's").isEqualTo(publicKey);

        byte[] message = "header.claims".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = TeslaSchnorr.sign(a, message);
        assertThat(TeslaSchnorr.verify(publicKey, message, signature)).isTrue();
        assertThat(TeslaSchnorr.verify(publicKey, "header.claimz".getBytes(StandardCharsets.US_ASCII), signature)).isFalse();
        signature[95] ^= 1;
        assertThat(TeslaSchnorr.verify(publicKey, message, signature)).isFalse();
        assertThat(TeslaSchnorr.verify(publicKey, message, new byte[95])).isFalse();
    }
}
