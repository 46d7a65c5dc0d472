package org.teslaexporter.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.teslaexporter.Fixtures;

/**
 * A fake Fleet API and token endpoint (WireMock) that must be up before Payara deploys the exporter,
 * so it is a JUnit extension registered ahead of Arquillian's. The account has five cars:
 * <ul>
 * <li>{@link #DRIVING} and {@link #CHARGING} serve the project's own fixtures;</li>
 * <li>{@link #ASLEEP} is listed asleep (its vehicle_data would answer, but must never be asked);</li>
 * <li>{@link #FLAKY} answers 500, then a malformed body, then real data;</li>
 * <li>{@link #SLEEPY} is listed online but answers vehicle_data with 408 (it fell asleep meanwhile;
 *     its own state then says asleep).</li>
 * </ul>
 * The token file holds an access token the API refuses (401) and a refresh token the token endpoint
 * accepts once, so the exporter must refresh, save, and retry.
 */
public class FakeFleetApi implements BeforeAllCallback, AfterAllCallback {

    public static final String DRIVING = "5YJ3E1EA1KF000001";
    public static final String CHARGING = "5YJYGDEE2MF000002";
    public static final String ASLEEP = "LRW3E7FS3NC000003";
    public static final String FLAKY = "7SAYGDEF4PF000004";
    public static final String SLEEPY = "XP7YGCEL5PB000005";
    static final String OLD_ACCESS = "it-access-old";
    static final String NEW_ACCESS = "it-access-new";
    static final String FIRST_REFRESH = "it-refresh-1";
    static final String SECOND_REFRESH = "it-refresh-2";

    static WireMockServer server;

    public static Path tokenFile() {
        return Path.of(System.getProperty("it.work", "target/it-work"), "exporter-it", "token.json");
    }

    /** Where the login of {@link #tokenFile()} lives once the exporter has started: the account {@code default}. */
    public static Path savedTokenFile() {
        return tokenFile().resolveSibling("accounts").resolve("default").resolve("token.json");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path token = tokenFile();
        Files.createDirectories(token.getParent());
        Path accounts = token.resolveSibling("accounts");
        if (Files.exists(accounts)) {       // a set-up of one token file, as before accounts: nothing left of an earlier run
            OneCarTesla.empty(accounts);
        }
        Files.writeString(token, """
                {"access_token": "%s", "refresh_token": "%s", "expires_at": %d, "token_type": "Bearer", "created_at": %d}
                """.formatted(OLD_ACCESS, FIRST_REFRESH, System.currentTimeMillis() / 1000 + 7200,
                System.currentTimeMillis() / 1000));

        server = new WireMockServer(options().port(Integer.getInteger("fake.fleet.port", 18321)).bindAddress("127.0.0.1"));
        server.start();
        String auth = "Bearer " + NEW_ACCESS;

        // Anything with another token: refused, as Tesla refuses an expired one.
        server.stubFor(any(urlMatching("/api/1/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"token expired (401)\"}")));
        // The token endpoint accepts the first refresh token once; the new one is not refreshable here.
        server.stubFor(post(urlPathEqualTo("/oauth2/v3/token")).atPriority(5)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"login_required\"}")));
        server.stubFor(post(urlPathEqualTo("/oauth2/v3/token")).atPriority(1)
                .withRequestBody(containing("refresh_token=" + FIRST_REFRESH))
                .withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(okJson("""
                        {"access_token": "%s", "refresh_token": "%s", "id_token": "it-id", "expires_in": 28800, "token_type": "Bearer"}
                        """.formatted(NEW_ACCESS, SECOND_REFRESH))));

        server.stubFor(get(urlPathEqualTo("/api/1/vehicles")).withHeader("Authorization", equalTo(auth))
                .willReturn(okJson("""
                        {"response": [
                          {"id": 1, "vin": "%s", "display_name": "Blue Comet", "state": "online"},
                          {"id": 2, "vin": "%s", "display_name": "Garage \\"Büro\\" \\\\ 2", "state": "online"},
                          {"id": 3, "vin": "%s", "display_name": "Sleeper", "state": "asleep"},
                          {"id": 4, "vin": "%s", "display_name": "Flaky", "state": "online"},
                          {"id": 5, "vin": "%s", "display_name": "Sleepy", "state": "online"}
                        ], "count": 5}""".formatted(DRIVING, CHARGING, ASLEEP, FLAKY, SLEEPY))));

        // Each car's own state (GET /api/1/vehicles/{vin}), as its schedule reads it.
        for (String[] car : new String[][] {{DRIVING, "online"}, {CHARGING, "online"}, {ASLEEP, "asleep"},
                {FLAKY, "online"}, {SLEEPY, "asleep"}}) {
            server.stubFor(get(urlPathEqualTo("/api/1/vehicles/" + car[0])).withHeader("Authorization", equalTo(auth))
                    .willReturn(okJson("{\"response\": {\"id\": 9, \"vin\": \"%s\", \"state\": \"%s\"}}"
                            .formatted(car[0], car[1]))));
        }
        String driving = Fixtures.own("vehicle_data.driving.json");
        server.stubFor(data(CHARGING, auth).willReturn(okJson(Fixtures.own("vehicle_data.charging_odd.json"))));
        server.stubFor(data(DRIVING, auth).willReturn(okJson(driving)));
        server.stubFor(data(ASLEEP, auth).willReturn(okJson(driving)));
        server.stubFor(data(SLEEPY, auth).willReturn(aResponse().withStatus(408)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"response\":null,\"error\":\"vehicle unavailable: vehicle is offline or asleep\",\"error_description\":\"\"}")));
        server.stubFor(data(FLAKY, auth).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"internal error\"}"))
                .willSetStateTo("malformed"));
        server.stubFor(data(FLAKY, auth).inScenario("flaky").whenScenarioStateIs("malformed")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"response\": {\"charge_state\": {\"battery_level\": 5"))
                .willSetStateTo("healthy"));
        server.stubFor(data(FLAKY, auth).inScenario("flaky").whenScenarioStateIs("healthy")
                .willReturn(okJson(driving)));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder data(String vin, String auth) {
        return get(urlPathEqualTo("/api/1/vehicles/" + vin + "/vehicle_data")).withHeader("Authorization", equalTo(auth));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
    }
}
