package org.teslaexporter.telemetry;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teslaexporter.fleetapi.TelemetryConfigState;

/**
 * The Fleet Telemetry config the exporter wants on every car, and its signed form: a JWT whose claims
 * are the config plus {@code iss} (the app's public key, uncompressed, standard base64) and
 * {@code aud}, signed with Tesla's Schnorr scheme ({@link TeslaSchnorr}, {@code alg: Tesla.SS256}).
 *
 * @param fields signal name → {@code interval_seconds}: seconds for what changes while driving or
 *               charging, minutes for temperatures and ranges, hours for tyres and software
 */
public record TelemetryConfig(String hostname, int port, String ca, Map<String, Integer> fields, List<String> alertTypes,
        Instant expiresAt) {

    /** A config lives this long; it is sent again when less than {@link #RENEW_BEFORE} is left. */
    static final Duration LIFETIME = Duration.ofDays(60);
    static final Duration RENEW_BEFORE = Duration.ofDays(20);
    static final String AUDIENCE = "com.tesla.fleet.TelemetryClient";

    /** Every field the exporter publishes, with its interval; the position only with {@code METRICS_LOCATION=true}. */
    static Map<String, Integer> fields(boolean location) {
        Map<String, Integer> f = new LinkedHashMap<>();
        for (String s : List.of("VehicleSpeed", "Gear", "DetailedChargeState", "ACChargingPower", "DCChargingPower",
                "ChargePortDoorOpen", "Locked", "SentryMode", "DoorState", "FdWindow", "FpWindow", "RdWindow", "RpWindow",
                "DriverSeatOccupied", "PackCurrent", "PackVoltage")) {
            f.put(s, 10);
        }
        if (location) {
            f.put("Location", 10);
            f.put("GpsHeading", 10);
        }
        for (String s : List.of("BatteryLevel", "Soc", "RatedRange", "EstBatteryRange", "IdealBatteryRange", "EnergyRemaining",
                "Odometer", "ChargeLimitSoc", "ChargerVoltage", "ChargeAmps", "ChargerPhases", "ChargeCurrentRequest",
                "ChargeCurrentRequestMax", "TimeToFullCharge", "ACChargingEnergyIn", "DCChargingEnergyIn", "ChargePortLatch",
                "FastChargerPresent", "BatteryHeaterOn", "ScheduledChargingPending", "InsideTemp", "OutsideTemp", "HvacPower",
                "HvacAutoMode", "HvacFanSpeed", "HvacLeftTemperatureRequest", "HvacRightTemperatureRequest",
                "PreconditioningEnabled", "DefrostMode", "HvacSteeringWheelHeatLevel", "SeatHeaterLeft", "SeatHeaterRight",
                "SeatHeaterRearLeft", "SeatHeaterRearRight", "SeatHeaterRearCenter", "ValetModeEnabled", "CenterDisplay")) {
            f.put(s, 60);
        }
        for (String s : List.of("ModuleTempMax", "ModuleTempMin", "BrickVoltageMax", "BrickVoltageMin",
                "SoftwareUpdateDownloadPercentComplete", "SoftwareUpdateInstallationPercentComplete")) {
            f.put(s, 300);
        }
        for (String s : List.of("TpmsPressureFl", "TpmsPressureFr", "TpmsPressureRl", "TpmsPressureRr", "TpmsHardWarnings",
                "TpmsSoftWarnings", "LifetimeEnergyUsed", "LifetimeEnergyGainedRegen", "Version", "SoftwareUpdateVersion",
                "VehicleName")) {
            f.put(s, 3600);
        }
        return Map.copyOf(f);
    }

    static TelemetryConfig wanted(String hostname, int port, String ca, boolean location, Instant now) {
        return new TelemetryConfig(hostname, port, ca, fields(location), List.of("service"), now.plus(LIFETIME));
    }

    /** Whether what Tesla holds for a car is this config, not expiring soon: then nothing is sent. */
    boolean heldBy(TelemetryConfigState.Config held, Instant now) {
        return held != null && hostname.equalsIgnoreCase(String.valueOf(held.hostname())) && Integer.valueOf(port).equals(held.port())
                && normal(ca).equals(normal(held.ca())) && fields.equals(held.fieldIntervals())
                && held.expiresAt() != null && held.expiresAt().isAfter(now.plus(RENEW_BEFORE));
    }

    private static String normal(String pem) {
        return pem == null ? "" : pem.replaceAll("\\s+", "");
    }

    JsonObject claims(ECPublicKey publicKey) {
        JsonObjectBuilder fieldSpecs = Json.createObjectBuilder();
        fields.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> fieldSpecs.add(e.getKey(), Json.createObjectBuilder().add("interval_seconds", e.getValue())));
        return Json.createObjectBuilder()
                .add("hostname", hostname)
                .add("port", port)
                .add("ca", ca)
                .add("fields", fieldSpecs)
                .add("alert_types", Json.createArrayBuilder(alertTypes))
                .add("exp", expiresAt.getEpochSecond())
                .add("iss", Base64.getEncoder().encodeToString(TeslaSchnorr.uncompressed(publicKey.getW())))
                .add("aud", AUDIENCE)
                .build();
    }

    /** The signed config: {@code base64url(header).base64url(claims).base64url(signature)}. */
    String jwt(KeyPair appKeys) {
        ECPublicKey publicKey = (ECPublicKey) appKeys.getPublic();
        BigInteger a = ((ECPrivateKey) appKeys.getPrivate()).getS();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"Tesla.SS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(claims(publicKey).toString().getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        byte[] signature = TeslaSchnorr.sign(a, signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(signature);
    }
}
