package org.teslaexporter.it;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.teslaexporter.it.FakeFleetApi.ASLEEP;
import static org.teslaexporter.it.FakeFleetApi.CHARGING;
import static org.teslaexporter.it.FakeFleetApi.DRIVING;
import static org.teslaexporter.it.FakeFleetApi.FLAKY;
import static org.teslaexporter.it.FakeFleetApi.SLEEPY;
import static org.teslaexporter.it.MetricsText.await;
import static org.teslaexporter.it.MetricsText.value;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.teslaexporter.Promtool;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The exporter WAR on a real, managed Payara Micro, polling {@link FakeFleetApi} every 2 s: the whole
 * path Fleet API → REST client → translator → EJB timer → MicroProfile Metrics, as users run it.
 */
@ExtendWith(FakeFleetApi.class)
@ExtendWith(ArquillianExtension.class)
class ExporterIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("exporter.war")));
    }

    @ArquillianResource
    URL base;

    private URI metrics;

    @BeforeEach
    void urls() throws Exception {
        metrics = base.toURI().resolve("/metrics?scope=application");
    }

    private String awaitData() {
        return await(metrics, PATIENCE, "data of the driving, charging and flaky cars", t ->
                value(t, "tesla_battery_level_percent", vin(DRIVING)).isPresent()
                        && value(t, "tesla_battery_level_percent", vin(CHARGING)).isPresent()
                        && value(t, "tesla_battery_level_percent", vin(FLAKY)).isPresent());
    }

    private static String vin(String vin) {
        return "vin=\"" + vin + "\"";
    }

    @Test
    void metricsShowTheFixtureValuesInOurUnits() {
        String t = awaitData();
        assertThat(value(t, "tesla_battery_level_percent", vin(DRIVING))).contains(64.0);
        assertThat(value(t, "tesla_battery_range_km", vin(DRIVING)).orElseThrow()).isCloseTo(180.25 * 1.609344, within(1e-6));
        assertThat(value(t, "tesla_speed_kmh", vin(DRIVING)).orElseThrow()).isCloseTo(62 * 1.609344, within(1e-6));
        assertThat(value(t, "tesla_power_watts", vin(DRIVING))).contains(35000.0);
        assertThat(value(t, "tesla_tpms_pressure_bar", vin(DRIVING), "tire=\"rear_right\"")).contains(2.925);
        assertThat(value(t, "tesla_seat_heater_level", vin(DRIVING), "seat=\"rear_left\"")).contains(2.0);
        assertThat(value(t, "tesla_battery_level_percent", vin(DRIVING), "vehicle_name=\"Blue Comet\"")).isPresent();
        assertThat(value(t, "tesla_charging_state", vin(CHARGING), "state=\"Starting\"")).contains(1.0);
        // unknown values are absent, never 0
        assertThat(value(t, "tesla_speed_kmh", vin(CHARGING))).isEmpty();
        assertThat(value(t, "tesla_battery_range_km", vin(CHARGING))).isEmpty();
        assertThat(value(t, "tesla_charge_time_to_full_seconds", vin(CHARGING))).isEmpty();
        assertThat(value(t, "tesla_exporter_up")).contains(1.0);
        assertThat(value(t, "tesla_exporter_demo_mode")).contains(0.0);
        assertThat(value(t, "tesla_exporter_monitored_vehicles")).contains(5.0);
    }

    @Test
    void anAsleepCarIsListedButNeverAskedForData() {
        awaitData();
        int cyclesBefore = FakeFleetApi.server.findAll(getRequestedFor(urlPathEqualTo("/api/1/vehicles"))).size();
        await(metrics, PATIENCE, "two more poll cycles", t ->
                FakeFleetApi.server.findAll(getRequestedFor(urlPathEqualTo("/api/1/vehicles"))).size() >= cyclesBefore + 2);
        FakeFleetApi.server.verify(0, getRequestedFor(urlPathEqualTo("/api/1/vehicles/" + ASLEEP + "/vehicle_data")));
        FakeFleetApi.server.verify(0, getRequestedFor(urlPathMatching("/api/1/vehicles/.*/wake_up")));
        String t = MetricsText.fetch(metrics);
        assertThat(value(t, "tesla_vehicle_state", vin(ASLEEP), "state=\"asleep\"")).contains(1.0);
        assertThat(value(t, "tesla_exporter_vehicle_reachable", vin(ASLEEP))).contains(0.0);
        assertThat(value(t, "tesla_battery_level_percent", vin(ASLEEP))).isEmpty();
    }

    @Test
    void a408IsNoteThatTheCarSleepsNotAnError() {
        String t = await(metrics, PATIENCE, "the 408 car marked asleep",
                p -> value(p, "tesla_vehicle_state", vin(SLEEPY), "state=\"asleep\"").orElse(0.0) == 1.0);
        assertThat(value(t, "tesla_exporter_vehicle_reachable", vin(SLEEPY))).contains(0.0);
        assertThat(MetricsText.lines(t, l -> l.startsWith("tesla_exporter_poll_errors_total") && l.contains(vin(SLEEPY))))
                .as("its error counters are there from the start, and all 0").hasSize(14)
                .allSatisfy(l -> assertThat(l).endsWith(" 0.0"));
    }

    @Test
    void theTimerSurvivesA500AndAMalformedBodyAndKeepsPolling() {
        String t = awaitData();
        assertThat(value(t, "tesla_exporter_poll_errors_total", vin(FLAKY), "error_type=\"server_error\"")).contains(1.0);
        assertThat(value(t, "tesla_exporter_poll_errors_total", vin(FLAKY), "error_type=\"malformed_response\"")).contains(1.0);
        int after = FakeFleetApi.server.findAll(getRequestedFor(
                urlPathEqualTo("/api/1/vehicles/" + FLAKY + "/vehicle_data"))).size();
        await(metrics, PATIENCE, "polling to go on after the failures", p -> FakeFleetApi.server.findAll(getRequestedFor(
                urlPathEqualTo("/api/1/vehicles/" + FLAKY + "/vehicle_data"))).size() >= after + 2);
        assertThat(value(MetricsText.fetch(metrics), "tesla_exporter_last_successful_poll_timestamp_seconds", vin(FLAKY)))
                .isPresent();
    }

    @Test
    void aRefusedTokenIsRefreshedOnceSavedAndThenUsed() throws Exception {
        awaitData();
        FakeFleetApi.server.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/v3/token")));
        String saved = Files.readString(FakeFleetApi.savedTokenFile());
        assertThat(saved).contains(FakeFleetApi.SECOND_REFRESH, FakeFleetApi.NEW_ACCESS).doesNotContain(FakeFleetApi.FIRST_REFRESH);
        assertThat(Files.readString(FakeFleetApi.tokenFile())).as("TOKEN_FILE_PATH is left as the owner put it")
                .contains(FakeFleetApi.FIRST_REFRESH);
        assertThat(Files.getPosixFilePermissions(FakeFleetApi.savedTokenFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        long oldTokenRequests = FakeFleetApi.server.findAll(getRequestedFor(urlPathEqualTo("/api/1/vehicles"))
                .withHeader("Authorization", equalTo("Bearer " + FakeFleetApi.OLD_ACCESS))).size();
        assertThat(oldTokenRequests).as("the refused token is tried once").isEqualTo(1);
    }

    @Test
    void noTokenEverAppearsOnMetrics() {
        String all = await(metrics.resolve("/metrics"), PATIENCE, "data",
                t -> t.contains("tesla_battery_level_percent"));
        assertThat(all).doesNotContain("it-access", "it-refresh", "it-id");
    }

    /** The exposition of the two own fixtures, pinned line by line; and promtool's verdict on the whole page. */
    @Test
    void goldenMetricsOfTheOwnFixturesAndPromtoolAcceptsThePage() throws Exception {
        String t = awaitData();
        for (String[] car : List.of(new String[] {DRIVING, "vehicle_data.driving.prom"},
                new String[] {CHARGING, "vehicle_data.charging_odd.prom"})) {
            // request counters and the poll time grow with every poll: not part of the golden exposition
            List<String> lines = MetricsText.lines(t, l -> l.contains(vin(car[0]))
                    && !l.startsWith("tesla_exporter_last_successful_poll_timestamp_seconds")
                    && !l.startsWith("tesla_fleet_api_"));
            Golden.assertMatches(car[1], lines);
        }
        Promtool.checkMetrics(t);
        Promtool.checkWholePage(MetricsText.fetch(metrics.resolve("/metrics")));
    }
}
