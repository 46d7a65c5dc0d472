package org.teslaexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    private static Settings read(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return SettingsReader.read(name -> Optional.ofNullable(env.get(name)));
    }

    @Test
    void defaultsAreThoseOfTheEarlierExporter() {
        Settings s = read();
        assertThat(s.fleet().apiBase()).isEqualTo(URI.create("https://fleet-api.prd.na.vn.cloud.tesla.com"));
        assertThat(s.login().authBase()).isEqualTo(URI.create("https://auth.tesla.com"));
        assertThat(s.login().tokenBase()).isEqualTo(URI.create("https://fleet-auth.prd.vn.cloud.tesla.com"));
        assertThat(s.login().redirectUri()).isEqualTo(URI.create("https://localhost/callback"));
        assertThat(s.login().scopes()).isEqualTo("openid offline_access vehicle_device_data vehicle_location");
        assertThat(s.polling().parked()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.polling().sleep()).isEqualTo(Duration.ofSeconds(660));
        assertThat(s.fleet().wakeOnPoll()).isFalse();
        assertThat(s.server().port()).isEqualTo(9090);
        assertThat(s.files().tokenFile().toString()).isEqualTo("/data/tokens/token.json");
        assertThat(s.server().logLevel()).isEqualTo(Level.INFO);
        assertThat(s.fleet().vins()).isEmpty();
        assertThat(s.fleet().vehicleIndex()).as("no index: every vehicle is monitored").isNull();
        assertThat(s.server().demo()).isFalse();
    }

    @Test
    void everyBadValueIsNamedWithWhatIsExpected() {
        assertThatThrownBy(() -> read("POLL_INTERVAL_SECONDS", "abc", "TESLA_API_BASE", "not a url",
                "WAKE_ON_POLL", "maybe", "LOG_LEVEL", "LOUD", "TESLA_VINS", "x!",
                "SLEEP_POLL_INTERVAL_SECONDS", "0", "TESLA_VEHICLE_INDEX", "-1"))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "POLL_INTERVAL_SECONDS='abc' is not valid: expected a whole number of seconds, at least 1, e.g. 300",
                        "TESLA_API_BASE='not a url' is not valid: expected an absolute http(s) URL without query, e.g."
                                + " https://fleet-api.prd.na.vn.cloud.tesla.com",
                        "WAKE_ON_POLL='maybe' is not valid: expected true or false",
                        "LOG_LEVEL='LOUD' is not valid: expected one of DEBUG, INFO, WARNING, ERROR",
                        "TESLA_VINS='x!' is not valid: expected VINs (17 letters and digits) separated by commas, e.g. 5YJ3E1EA7KF000001,LRWYGCEK2MC000002",
                        "SLEEP_POLL_INTERVAL_SECONDS='0' is not valid: expected a whole number of seconds, at least 1, e.g. 660",
                        "TESLA_VEHICLE_INDEX='-1' is not valid: expected a position in the vehicle list, 0 for the first"));
    }

    @Test
    void theBrokerIsReachedOverTcpOrTlsAndItsCredentialsAreNeverTakenFromTheUrl() {
        assertThat(read("TELEMETRY_MQTT_URL", "ssl://broker.example.com:8883").telemetry().mqttUrl())
                .isEqualTo(URI.create("ssl://broker.example.com:8883"));
        assertThat(read("TELEMETRY_MQTT_URL", "tcp://mosquitto:1883").telemetry().mqttUrl())
                .isEqualTo(URI.create("tcp://mosquitto:1883"));
        assertThatThrownBy(() -> read("TELEMETRY_MQTT_URL", "tcp://exporter:s3cret-broker-pw@mosquitto:1883"))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> {
                    assertThat(e.problems()).singleElement().asString().contains("TELEMETRY_MQTT_USERNAME", "TELEMETRY_MQTT_PASSWORD")
                            .doesNotContain("s3cret-broker-pw");
                    assertThat(e.getMessage()).doesNotContain("s3cret-broker-pw");
                });
        assertThatThrownBy(() -> read("TELEMETRY_MQTT_URL", "ws://mosquitto:9001")).isInstanceOf(InvalidSettingsException.class);
    }

    @Test
    void malformedUrlsAreRefused() {
        for (String bad : new String[] {"ftp://x", "https://", "fleet-api.prd.eu.vn.cloud.tesla.com", "https://a b"}) {
            assertThatThrownBy(() -> read("TESLA_TOKEN_BASE", bad)).as(bad).hasMessageContaining("TESLA_TOKEN_BASE=");
        }
    }

    @Test
    void aBadValueIsQuotedWithoutForgingLogLines() {
        assertThatThrownBy(() -> read("POLL_INTERVAL_SECONDS", "5\nSEVERE: forged"))
                .hasMessageContaining("'5?SEVERE: forged'");
    }

    @Test
    void vinsAreSplitAndNormalised() {
        Settings s = read("TESLA_VINS", " 5yj3e1ea1kf000001, LRWYGCEK2MC139168 ;5YJ3E1EA1KF000001");
        assertThat(s.fleet().vins()).containsExactly("5YJ3E1EA1KF000001", "LRWYGCEK2MC139168");
    }

    @Test
    void demoModeTalksToItselfAndPollsFasterUnlessTold() {
        Settings s = read("TESLA_DEMO", "true", "EXPORTER_PORT", "9123");
        assertThat(s.fleet().apiBase()).isEqualTo(URI.create("http://127.0.0.1:9123/demo"));
        assertThat(s.polling().parked()).isEqualTo(Duration.ofSeconds(10));
        assertThat(read("TESLA_DEMO", "true", "POLL_INTERVAL_SECONDS", "1").polling().parked()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void trailingSlashOfABaseUrlIsDropped() {
        assertThat(read("TESLA_API_BASE", "https://fleet-api.prd.eu.vn.cloud.tesla.com/").fleet().apiBase())
                .isEqualTo(URI.create("https://fleet-api.prd.eu.vn.cloud.tesla.com"));
    }

    @Test
    void theSecretNeverPrints() {
        Settings s = read("TESLA_CLIENT_SECRET", "ta-secret.s3cr3t");
        assertThat(s.login().clientSecret().reveal()).isEqualTo("ta-secret.s3cr3t");
        assertThat(s.toString()).doesNotContain("s3cr3t").contains("clientSecret=(set)");
    }

    @Test
    void logLevelsOfThePythonExporterAreUnderstood() {
        assertThat(read("LOG_LEVEL", "debug").server().logLevel()).isEqualTo(Level.FINE);
        assertThat(read("LOG_LEVEL", "WARNING").server().logLevel()).isEqualTo(Level.WARNING);
        assertThat(read("LOG_LEVEL", "ERROR").server().logLevel()).isEqualTo(Level.SEVERE);
    }
}
