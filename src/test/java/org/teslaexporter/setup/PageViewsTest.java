package org.teslaexporter.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.teslaexporter.auth.AppKeys;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;
import org.teslaexporter.places.Places;
import org.teslaexporter.places.PlacesFile;
import org.teslaexporter.places.PlacesFileException;
import org.teslaexporter.telemetry.TelemetryConfigurator;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * Each page's view built by its plain function from hostile input — markup in a car's name (Tesla's),
 * in Tesla's error text, in a setting (the owner's file) — holds it as the very text it was, and the
 * page rendered from it by its template shows it as text: escaped in element text and in attribute
 * values, never as markup. (HostileFleetIT checks the served set-up page on a real Payara Micro.)
 */
class PageViewsTest {

    static final String SCRIPT = "<script>alert('x')</script>";
    static final String ATTRIBUTE = "\"><img src=x onerror=alert(1)>";
    static final String VIN = "5YJ3E1EA1KF000777";

    private static Settings settings(Map<String, String> env) {
        return SettingsReader.read(name -> Optional.ofNullable(env.get(name)));
    }

    @Test
    void theSetUpPageHoldsACarsNameTeslasWordsAndASettingAsTheirText() {
        Settings s = settings(Map.of("TESLA_CLIENT_ID", "id" + ATTRIBUTE, "TESLA_SCOPES", "openid " + SCRIPT,
                "TELEMETRY_MQTT_URL", "tcp://broker.example:1883"));
        var car = new TrackedVehicle(new VehicleSummary(VIN, "My " + SCRIPT, OnlineState.ONLINE), null, null);
        URI region = URI.create("https://fleet-api.prd.eu.vn.cloud.tesla.com");

        SetupView.Config config = SetupView.config(s, region);
        assertThat(config.settings()).extracting(SetupView.Setting::value).contains("id" + ATTRIBUTE, "openid " + SCRIPT);

        var registration = SetupView.registration(s, region,
                OAuthLogin.Outcome.refused("Tesla refused " + SCRIPT, "because " + ATTRIBUTE));
        assertThat(registration.last().ok()).isFalse();
        assertThat(registration.last().text()).isEqualTo("Tesla refused " + SCRIPT + ": because " + ATTRIBUTE);

        var vehicles = SetupView.vehicles(List.of(car), vin -> Optional.of("family"), Places.NONE);
        assertThat(vehicles).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("My " + SCRIPT);
            assertThat(v.lastData()).isEqualTo("never");
        });

        var status = new TelemetryConfigurator.CarStatus(null, true, false, null, true, Instant.EPOCH, null,
                "Tesla said " + SCRIPT);
        var streaming = SetupView.streaming(s, new SetupView.StreamFacts(false, "broker said " + ATTRIBUTE, true,
                null, vin -> Optional.of(status)), List.of(car));
        assertThat(streaming.on()).isTrue();
        assertThat(streaming.brokerProblem()).isEqualTo("broker said " + ATTRIBUTE);
        assertThat(streaming.cars()).singleElement().satisfies(c -> {
            assertThat(c.config()).isEqualTo("Tesla said " + SCRIPT);
            assertThat(c.keyPaired()).isEqualTo("no");
            assertThat(c.limitReached()).isEqualTo("?");
        });

        var login = SetupView.login(List.of(account(false, "refresh failed: " + SCRIPT)), null);
        assertThat(login.ok()).isFalse();
        assertThat(login.status()).isEqualTo("refresh failed: " + SCRIPT);
        var two = SetupView.login(List.of(account(false, "refresh failed"), account(true, "logged in")), null);
        assertThat(two.ok()).isFalse();
        assertThat(two.status()).isEqualTo("1 of 2 accounts need a login: Dad's " + SCRIPT + " (see below).");
        assertThat(SetupView.login(List.of(account(true, "logged in"), account(true, "logged in")), null).status())
                .isEqualTo("All 2 accounts are logged in.");
        assertThat(SetupView.login(List.of(), null).ok()).isFalse();

        var keys = SetupView.keys(s, new AppKeys.Status(false, false, null, "cannot read " + SCRIPT));
        assertThat(keys.problem()).isEqualTo("cannot read " + SCRIPT);
    }

    /** The markup of the hostile values: none of it may reach a page. */
    static void assertNoMarkupOf(String html) {
        assertThat(html).doesNotContain("<script", "<img");
        assertThat(html.indexOf("<html")).isEqualTo(html.lastIndexOf("<html"));
    }

    @Test
    void theSetUpPageRenderedFromHostileValuesShowsThemAsText() {
        Settings s = settings(Map.of("TESLA_CLIENT_ID", "id" + ATTRIBUTE, "TESLA_SCOPES", "openid " + SCRIPT,
                "TELEMETRY_MQTT_URL", "tcp://broker.example:1883"));
        String hostileVin = VIN + ATTRIBUTE;
        var car = new TrackedVehicle(new VehicleSummary(hostileVin, "My " + SCRIPT, OnlineState.ONLINE), null, null);
        URI region = URI.create("https://fleet-api.prd.eu.vn.cloud.tesla.com");
        var status = new TelemetryConfigurator.CarStatus(null, true, false, null, true, Instant.EPOCH, null, "Tesla said " + SCRIPT);
        var view = new SetupView(false, "csrf" + ATTRIBUTE, SetupView.config(s, region),
                SetupView.keys(s, new AppKeys.Status(false, false, null, "cannot read " + SCRIPT)),
                SetupView.registration(s, region, OAuthLogin.Outcome.refused("Tesla refused " + SCRIPT, "because " + ATTRIBUTE)),
                SetupView.login(List.of(account(false, "refresh failed: " + SCRIPT)), "blocked " + SCRIPT),
                SetupView.accounts(List.of(account(false, "refresh failed: " + SCRIPT)), List.of("dropped " + SCRIPT),
                        java.nio.file.Path.of("/data/accounts"), List.of(new org.teslaexporter.accounts.Invitations.Invitation("d",
                                "Kid " + SCRIPT, Instant.EPOCH, Instant.EPOCH.plusSeconds(3600), null, null)), Instant.EPOCH),
                "Dad's " + SCRIPT,
                SetupView.vehicles(List.of(car), vin -> Optional.of("family" + ATTRIBUTE), places()), SetupView.places(places()),
                SetupView.streaming(s, new SetupView.StreamFacts(false, "broker said " + ATTRIBUTE, true, "config " + SCRIPT,
                        vin -> Optional.of(status)), List.of(car)));

        String html = Pages.render(view);

        assertNoMarkupOf(html);
        assertThat(html).contains("<td>My &lt;script&gt;alert(")       // a car's name, in text
                .contains("<td>id\"&gt;&lt;img src=x onerror=alert(1)&gt;</td>")    // a setting, in text
                .contains("openid &lt;script&gt;")
                .contains("Tesla refused &lt;script&gt;")                 // Tesla's words
                .contains("Tesla said &lt;script&gt;")
                .contains("broker said \"&gt;&lt;img")
                .contains("name=\"csrf\" value=\"csrf&#34;>&lt;img src=x onerror=alert(1)>\"")   // in an attribute: the quote
                .contains("name=\"vin\" value=\"" + VIN + "&#34;>&lt;img")                         // cannot close it
                .contains("name=\"name\" value=\"Dad&#39;s &lt;script>")                             // the account's name
                .contains("<p class=\"problem\">dropped &lt;script&gt;")
                .contains("<td>Kid &lt;script&gt;alert(", "<td>open</td>")
                .contains("The cars of the account Dad's &lt;script&gt;", "href=\"/setup?account=u-false&#34;>&lt;img");
        assertThat(html).contains("<tr><td>home</td><td>52.52000, 13.40500</td><td>120 m</td><td>0.32 EUR/kWh, 23:00-06:00 0.19 EUR/kWh</td></tr>",
                "Elsewhere: dc 0.59 EUR/kWh.");
        assertThat(html).contains("id=\"streaming-cars\"", "action=\"/setup/telemetry/remove\"", "action=\"/setup/register\"",
                "action=\"/setup/signout\"", "class=\"problem\">no</td>");
    }

    /** An account row whose name and id carry markup. */
    static SetupView.AccountRow account(boolean ok, String status) {
        return new SetupView.AccountRow("u-" + ok + ATTRIBUTE, "Dad's " + SCRIPT, ok, status, 2, "https://fleet-api.prd.eu.vn.cloud.tesla.com",
                "never", 12, "$0.02");
    }

    static Places places() {
        try {
            return PlacesFile.parse("{\"currency\": \"EUR\", \"places\": [{\"name\": \"home\", \"latitude\": 52.52, \"longitude\": 13.405,"
                    + " \"radius_m\": 120, \"price_per_kwh\": 0.32, \"time_of_use\": [{\"from\": \"23:00\", \"to\": \"06:00\","
                    + " \"price_per_kwh\": 0.19}]}], \"price_per_kwh\": {\"dc\": 0.59}}");
        } catch (PlacesFileException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void placesAreListedAndEachCarSaysWhereItIs() {
        var none = SetupView.places(Places.NONE);
        assertThat(none.configured()).isFalse();
        var list = SetupView.places(places());
        assertThat(list.rows()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("home");
            assertThat(r.price()).isEqualTo("0.32 EUR/kWh, 23:00-06:00 0.19 EUR/kWh");
        });
        assertThat(list.prices()).isEqualTo("dc 0.59 EUR/kWh");
        var unknown = new TrackedVehicle(new VehicleSummary(VIN, "A", OnlineState.ONLINE), null, null);
        assertThat(SetupView.vehicles(List.of(unknown), vin -> Optional.empty(), places())).singleElement().extracting(SetupView.Vehicle::place).isEqualTo("?");
    }

    @Test
    void theSignInAndOutcomePagesRenderedFromHostileValuesShowThemAsText() {
        String signIn = Pages.render(new SignInView("set-up token", "wrong: " + SCRIPT));
        assertNoMarkupOf(signIn);
        assertThat(signIn).contains("<p class=\"problem\">wrong: &lt;script&gt;alert(", "name=\"password\"");

        String outcome = Pages.render(OutcomeView.of(OAuthLogin.Outcome.refused("Tesla did not grant access: " + SCRIPT,
                "because " + ATTRIBUTE)));
        assertNoMarkupOf(outcome);
        assertThat(outcome).contains("<title>Tesla did not grant access: &lt;script&gt;", "<h1>Tesla did not grant access: &lt;script&gt;",
                "<p class=\"problem\">because \"&gt;&lt;img", "Back to the set-up page");
    }

    @Test
    void aDriversPagesByInvitationLeadNowhereNearTheSetUpPage() {
        String invite = Pages.render(new InviteView("tok" + ATTRIBUTE, "Kid " + SCRIPT, "2026-12-03 10:00 UTC"));
        assertNoMarkupOf(invite);
        assertThat(invite).contains("as \"Kid &lt;script&gt;", "name=\"invitation\" value=\"tok&#34;>&lt;img", "action=\"/invite/start\"")
                .doesNotContain("href=\"/setup\"", "href=\"/setup/");
        String connected = Pages.render(OutcomeView.forGuest(new OAuthLogin.Outcome(OAuthLogin.Kind.DONE, "Logged in with Tesla",
                "Your Tesla account is connected: 2 cars are monitored now.")));
        assertThat(connected).contains("<h1>Connected</h1>", "2 cars are monitored now", "You can close this page.")
                .doesNotContain("href=\"/setup\"", "Next steps", "/metrics");
        String used = Pages.render(OutcomeView.guest("This link cannot be used", "used " + SCRIPT));
        assertNoMarkupOf(used);
        assertThat(used).doesNotContain("href=\"/setup\"");
    }

    @Test
    void theDemoNeedsNoClientIdAndALocalRedirectIsNamedOnlyOutsideTheDemo() {
        Settings demo = settings(Map.of("TESLA_DEMO", "true"));
        SetupView.Config config = SetupView.config(demo, URI.create("http://127.0.0.1:9090/demo"));
        assertThat(config.settings()).filteredOn(v -> v.what().startsWith("Client"))
                .extracting(SetupView.Setting::value).containsOnly("not needed for the demo");
        assertThat(config.notPublicHost()).isNull();

        Settings local = settings(Map.of("TESLA_REDIRECT_URI", "https://192.168.1.5/callback"));
        SetupView.Config own = SetupView.config(local, URI.create("https://fleet-api.prd.na.vn.cloud.tesla.com"));
        assertThat(own.notPublicHost()).isEqualTo("192.168.1.5");
        assertThat(own.settings()).filteredOn(v -> v.what().startsWith("Client id")).extracting(SetupView.Setting::value)
                .containsOnlyNulls();     // shown as "missing", with what to do
    }

    @Test
    void streamingOffShowsNoCars() {
        var car = new TrackedVehicle(new VehicleSummary(VIN, "A", OnlineState.ONLINE), null, null);
        var off = SetupView.streaming(settings(Map.of()), new SetupView.StreamFacts(false, null, false, null,
                vin -> Optional.empty()), List.of(car));
        assertThat(off.on()).isFalse();
        assertThat(off.cars()).isEmpty();
    }

    @Test
    void theOutcomePageHoldsTeslasErrorAsText() {
        var view = OutcomeView.of(OAuthLogin.Outcome.refused("Tesla did not grant access: " + SCRIPT, ATTRIBUTE));
        assertThat(view.title()).isEqualTo("Tesla did not grant access: " + SCRIPT);
        assertThat(view.detail()).isEqualTo(ATTRIBUTE);
        assertThat(view.ok()).isFalse();
        assertThat(view.nextSteps()).isFalse();
        assertThat(view.template()).isEqualTo("outcome");
    }

    @Test
    void notPublicHostsAreTheOnesTeslaCannotRegister() {
        assertThat(SetupView.notPublic("localhost")).isEqualTo("localhost");
        assertThat(SetupView.notPublic("10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(SetupView.notPublic("[::1]")).isEqualTo("[::1]");
        assertThat(SetupView.notPublic("car.local")).isEqualTo("car.local");
        assertThat(SetupView.notPublic("tesla.example.com")).isNull();
    }
}
