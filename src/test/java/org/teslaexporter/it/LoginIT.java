package org.teslaexporter.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.teslaexporter.it.MetricsText.await;
import static org.teslaexporter.it.MetricsText.value;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.teslaexporter.Fixtures;
import org.teslaexporter.InstalledTool;

/**
 * Login with Tesla on the exporter as users run it, against a fake Tesla (WireMock: authorize page
 * that redirects back, token endpoint, Fleet API): every kind of bad callback is refused with a
 * clear 4xx page, nothing reflected unescaped, the token file untouched; then a real headless
 * Chromium signs in to the set-up page, logs in, lands on the success page, and metrics flow. The
 * browser goes through the Compose {@code public} profile's Caddy (Debian's, with the project's
 * Caddyfile), as an owner's browser and Tesla's redirect do: the redirect URI is Caddy's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String SECRET = "ta-secret.do-not-leak-9f8e7d";
    private static final String VIN = "5YJ3E1EA1KF000021";
    private static final String ANNA_VIN = "5YJ3E1EA1KF000022";
    /** An OpenID id token (a JWT, unsigned here: the exporter reads its subject, Tesla's user id, and nothing else). */
    private static final String ANNA_ID_TOKEN = idToken("anna-7f3e");
    private static final String CARL_VIN = "5YJ3E1EA1KF000023";

    /**
     * Another Tesla user at the fake: {@code code} exchanged for {@code <prefix>-access} and
     * {@code <prefix>-refresh} with {@code idToken}, whose access token lists the one car {@code vin}.
     */
    private static void user(String code, String idToken, String prefix, String vin, String carName) {
        String auth = "Bearer " + prefix + "-access";
        tesla.stubFor(post(urlPathEqualTo("/oauth2/v3/token")).atPriority(1)
                .withRequestBody(containing("grant_type=authorization_code")).withRequestBody(containing("code=" + code))
                .willReturn(okJson("{\"access_token\":\"" + prefix + "-access\",\"refresh_token\":\"" + prefix + "-refresh\",\"id_token\":\""
                        + idToken + "\",\"expires_in\":28800,\"token_type\":\"Bearer\"}")));
        tesla.stubFor(get(urlPathEqualTo("/api/1/vehicles")).withHeader("Authorization", equalTo(auth)).willReturn(okJson(
                "{\"response\":[{\"id\":2,\"vin\":\"" + vin + "\",\"display_name\":\"" + carName + "\",\"state\":\"online\"}],\"count\":1}")));
        tesla.stubFor(get(urlPathEqualTo("/api/1/vehicles/" + vin)).withHeader("Authorization", equalTo(auth))
                .willReturn(okJson("{\"response\":{\"vin\":\"" + vin + "\",\"state\":\"online\"}}")));
        tesla.stubFor(get(urlPathEqualTo("/api/1/vehicles/" + vin + "/vehicle_data")).withHeader("Authorization", equalTo(auth))
                .willReturn(okJson(Fixtures.own("vehicle_data.driving.json"))));
    }

    /** An OpenID id token naming {@code sub}. */
    static String idToken(String sub) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + sub + "\"}").getBytes(StandardCharsets.UTF_8)) + ".x";
    }
    private static final int LOGIN_TIMEOUT = 4;

    static WireMockServer tesla;
    static ExporterProcess exporter;
    /** Caddy in front of the exporter; null where Debian's caddy is missing (locally only, with a notice). */
    static PublicProxy caddy;
    static String redirectUri;
    static Path token;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), "login"));
        OneCarTesla.empty(work);
        // a fresh install: the first login (whose answer names nobody) becomes the account "default"
        token = work.resolve("accounts/default/token.json");
        tesla = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        tesla.start();
        int port = Integer.getInteger("launch.port", 18390);
        String base = "http://127.0.0.1:" + tesla.port();
        if (InstalledTool.usable(PublicProxy.CADDY.toString(), "caddy")) {
            caddy = PublicProxy.start(work.resolveSibling("login-caddy"), "127.0.0.1:" + port);
            redirectUri = caddy.uri("/callback").toString();
        } else {
            redirectUri = "http://127.0.0.1:" + port + "/callback";     // the browser logs in without the public proxy
        }
        // Tesla's login page: the user logs in and is sent back with a code and the state; the second
        // login is another Tesla user (a second driver): another code, whose id token names "anna"
        tesla.stubFor(get(urlPathEqualTo("/oauth2/v3/authorize")).inScenario("users").whenScenarioStateIs(STARTED)
                .willSetStateTo("second").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?code=good-code&state={{request.query.state}}&issuer=x")
                .withTransformers("response-template")));
        tesla.stubFor(get(urlPathEqualTo("/oauth2/v3/authorize")).inScenario("users").whenScenarioStateIs("second")
                .willSetStateTo("third").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?code=anna-code&state={{request.query.state}}&issuer=x")
                .withTransformers("response-template")));
        // the third: a driver invited by a link
        tesla.stubFor(get(urlPathEqualTo("/oauth2/v3/authorize")).inScenario("users").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?code=carl-code&state={{request.query.state}}&issuer=x")
                .withTransformers("response-template")));
        user("carl-code", idToken("carl-5c"), "carl", CARL_VIN, "Carl's");
        user("anna-code", ANNA_ID_TOKEN, "anna", ANNA_VIN, "Anna's");
        tesla.stubFor(post(urlPathEqualTo("/oauth2/v3/token")).atPriority(5).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
        tesla.stubFor(post(urlPathEqualTo("/oauth2/v3/token")).atPriority(1)
                .withRequestBody(containing("grant_type=authorization_code")).withRequestBody(containing("code=good-code"))
                .withRequestBody(containing("client_secret=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8)))
                .willReturn(okJson("{\"access_token\":\"login-access\",\"refresh_token\":\"login-refresh\",\"id_token\":\"login-id\","
                        + "\"expires_in\":28800,\"token_type\":\"Bearer\"}")));
        // Partner registration: the partner token, then Tesla cannot fetch the key from the domain (424).
        tesla.stubFor(post(urlPathEqualTo("/oauth2/v3/token")).atPriority(2)
                .withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(okJson("{\"access_token\":\"partner-token\",\"expires_in\":28800,\"token_type\":\"Bearer\"}")));
        tesla.stubFor(post(urlPathEqualTo("/api/1/partner_accounts")).withHeader("Authorization", equalTo("Bearer partner-token"))
                .willReturn(aResponse().withStatus(424).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"Public key download failed for https://127.0.0.1/.well-known/<script>\"}")));
        String auth = "Bearer login-access";
        tesla.stubFor(get(urlPathEqualTo("/api/1/vehicles")).withHeader("Authorization", equalTo(auth)).willReturn(okJson(
                "{\"response\":[{\"id\":1,\"vin\":\"" + VIN + "\",\"display_name\":\"Logged In\",\"state\":\"online\"}],\"count\":1}")));
        tesla.stubFor(get(urlPathEqualTo("/api/1/vehicles/" + VIN)).withHeader("Authorization", equalTo(auth))
                .willReturn(okJson("{\"response\":{\"vin\":\"" + VIN + "\",\"state\":\"online\"}}")));
        tesla.stubFor(get(urlPathEqualTo("/api/1/vehicles/" + VIN + "/vehicle_data")).withHeader("Authorization", equalTo(auth))
                .willReturn(okJson(Fixtures.own("vehicle_data.driving.json"))));
        exporter = ExporterProcess.start("login", port, Map.ofEntries(
                Map.entry("TESLA_CLIENT_ID", "client-123"),
                Map.entry("TESLA_CLIENT_SECRET", SECRET),
                Map.entry("TESLA_REDIRECT_URI", redirectUri),
                Map.entry("TESLA_AUTH_BASE", base),
                Map.entry("TESLA_TOKEN_BASE", base),
                Map.entry("TESLA_API_BASE", base),
                Map.entry("TOKEN_FILE_PATH", work.resolve("token.json").toString()),
                Map.entry("ADMIN_PASSWORD", PASSWORD),
                Map.entry("LOGIN_TIMEOUT_SECONDS", Integer.toString(LOGIN_TIMEOUT)),
                Map.entry("POLL_INTERVAL_SECONDS", "2"),
                Map.entry("DRIVING_POLL_INTERVAL_SECONDS", "2")));
        await(exporter.uri("/health/ready"), Duration.ofSeconds(120), "the exporter", p -> p.contains("tesla-exporter"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (exporter != null) {
            String log = exporter.output();
            exporter.close();
            assertThat(log).as("no secret in the log").doesNotContain(SECRET, "login-access", "login-refresh", "login-id",
                    "carl-access", "carl-refresh", "anna-access", "anna-refresh");
        }
        if (tesla != null) {
            tesla.stop();
        }
        if (caddy != null) {
            caddy.close();
        }
    }

    /** An HTTP client that keeps cookies and does not follow redirects, like a careful browser. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String csrf;

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(exporter.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return http.send(HttpRequest.newBuilder(exporter.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        void signIn() throws Exception {
            HttpResponse<String> signedIn = post("/setup/signin", "password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(signedIn.headers().firstValue("Location")).as("relative redirect").contains("/setup");
            List<String> cookies = signedIn.headers().allValues("Set-Cookie");
            assertThat(cookies).hasSize(2).allSatisfy(c -> assertThat(c).containsIgnoringCase("; Path=/setup")
                    .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict")
                    .as("plain http: not Secure").doesNotContainIgnoringCase("Secure"));
            assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("TESLA_EXPORTER_SESSION="));
            // the device mark that lets this browser past the global sign-in limit later
            assertThat(cookies).anySatisfy(c -> assertThat(c).matches("TESLA_EXPORTER_DEVICE=[0-9a-f]{32}\\.[0-9a-f]{64};.*"));
            Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(get("/setup").body());
            assertThat(m.find()).isTrue();
            csrf = m.group(1);
        }

        /** Starts a login and returns the state the exporter put into Tesla's authorize URL. */
        String startLogin() throws Exception {
            HttpResponse<String> r = post("/setup/login", "csrf=" + csrf);
            assertThat(r.statusCode()).isEqualTo(303);
            String location = r.headers().firstValue("Location").orElseThrow();
            assertThat(r.headers().allValues("Set-Cookie")).as("the login is bound to this browser").singleElement()
                    .satisfies(c -> assertThat(c).startsWith("TESLA_EXPORTER_LOGIN=").containsIgnoringCase("; SameSite=Lax")
                            .containsIgnoringCase("; HttpOnly"));
            assertThat(location).startsWith("http://127.0.0.1:" + tesla.port() + "/oauth2/v3/authorize?response_type=code")
                    .contains("code_challenge=", "code_challenge_method=S256")
                    .contains("client_id=client-123", "scope=openid+offline_access+vehicle_device_data+vehicle_location",
                            "redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
            Matcher m = Pattern.compile("[?&]state=([^&]+)").matcher(location);
            assertThat(m.find()).isTrue();
            return m.group(1);
        }
    }

    private static void assertRefused(HttpResponse<String> r, int status, String title) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(title).doesNotContain("<script", "<img");
        assertThat(token).as("the token file is untouched").doesNotExist();
    }

    @Test
    @Order(1)
    void publicPagesAreOpenAndTheSetUpPageIsNot() throws Exception {
        Browser b = new Browser();
        assertThat(b.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(b.get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> key = b.get("/.well-known/appspecific/com.tesla.3p.public-key.pem");
        assertThat(key.statusCode()).isEqualTo(200);
        assertThat(key.body()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.getPosixFilePermissions(work.resolve("private-key.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        HttpResponse<String> setup = b.get("/setup");
        assertThat(setup.statusCode()).isEqualTo(302);
        assertThat(setup.headers().firstValue("Location").orElseThrow()).endsWith("/setup/signin");
        assertThat(b.post("/setup/login", "csrf=x").statusCode()).as("actions need the admin").isEqualTo(403);
        assertThat(b.post("/setup/signin", "password=wrong").statusCode()).isEqualTo(403);
        HttpResponse<String> page = b.get("/setup/signin");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'", "frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    @Order(2)
    void theSetUpPageShowsWhatIsThereAndNeverTheSecret() throws Exception {
        Browser b = new Browser();
        b.signIn();
        String page = b.get("/setup").body();
        assertThat(page).contains("client-123", "Client secret (TESLA_CLIENT_SECRET)</th><td>set", "BEGIN PUBLIC KEY",
                "not logged in: no token file").doesNotContain(SECRET);
        assertThat(page).as("a redirect URI on an IP address cannot be registered with Tesla")
                .contains("id=\"redirect-problem\"", "127.0.0.1 is not a public domain");
        assertThat(b.post("/setup/login", "csrf=forged").statusCode()).as("CSRF").isEqualTo(403);

        assertThat(b.post("/setup/register", "csrf=" + b.csrf).statusCode()).isEqualTo(303);
        String after = b.get("/setup").body();
        assertThat(after).contains("Tesla refused the registration (424)", "Public key download failed",
                "&lt;script&gt;", "forward the path to the exporter").doesNotContain("partner-token", "/.well-known/<script>");
        tesla.verify(1, postRequestedFor(urlPathEqualTo("/api/1/partner_accounts"))
                .withRequestBody(equalTo("{\"domain\":\"127.0.0.1\"}")));
    }

    @Test
    @Order(3)
    void badCallbacksAreRefusedClearlyAndChangeNothing() throws Exception {
        Browser b = new Browser();
        b.signIn();
        assertRefused(b.get("/callback?code=good-code"), 400, "Refused: no state");
        assertRefused(b.get("/callback?code=good-code&state=forged-state"), 400, "Refused: unknown state");
        assertRefused(b.get("/callback?code=good-code&state=" + "x".repeat(3000)), 400, "Refused: a parameter is too long");
        assertRefused(b.get("/callback?code=good-code&state=%3Cscript%3Ealert(1)%3C%2Fscript%3E"), 400, "Refused: unknown state");

        String denied = b.startLogin();
        HttpResponse<String> r = b.get("/callback?state=" + denied + "&error=access_denied&error_description="
                + URLEncoder.encode("<img src=x onerror=alert(1)>", StandardCharsets.UTF_8));
        assertRefused(r, 400, "Tesla did not grant access: access_denied");
        assertThat(r.body()).as("Tesla's text is shown, escaped").contains("&lt;img src=x onerror=alert(1)&gt;");
        assertRefused(b.get("/callback?state=" + denied + "&code=good-code"), 400, "Refused: this login was already used");

        assertRefused(b.get("/callback?state=" + b.startLogin()), 400, "Refused: no authorization code");

        String elsewhere = b.startLogin();
        assertRefused(new Browser().get("/callback?state=" + elsewhere + "&code=good-code"), 400,
                "Refused: this login was started in another browser");

        String refused = b.startLogin();
        assertRefused(b.get("/callback?state=" + refused + "&code=bad-code"), 400, "Tesla refused the authorization code");

        String late = b.startLogin();
        Thread.sleep((LOGIN_TIMEOUT + 1) * 1000L);
        assertRefused(b.get("/callback?state=" + late + "&code=good-code"), 400, "Refused: the login took too long");

        String pasted = b.post("/setup/paste", "csrf=" + b.csrf + "&redirect_url="
                + URLEncoder.encode("https://example.com/callback?code=good-code&state=not-ours", StandardCharsets.UTF_8)).body();
        assertThat(pasted).contains("Refused: unknown state");
        tesla.verify(0, postRequestedFor(urlPathEqualTo("/oauth2/v3/token")).withRequestBody(containing("code=good-code")));
        assertThat(token).doesNotExist();
    }

    @Test
    @Order(4)
    void aRealBrowserLogsInWithTeslaAndMetricsFlow() throws Exception {
        WebDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            // the owner's way in: the public address (Caddy), which forwards only the key, the callback and /setup
            URI front = caddy != null ? caddy.uri("/setup") : exporter.uri("/setup");
            browser.get(front.toString());
            wait.until(ExpectedConditions.urlContains("/setup/signin"));
            browser.findElement(By.id("password")).sendKeys(PASSWORD);
            browser.findElement(By.id("signin")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login")));
            browser.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.titleContains("Logged in with Tesla"));
            assertThat(browser.getCurrentUrl()).startsWith(redirectUri);
            assertThat(browser.getPageSource()).contains("Next steps").doesNotContain("login-access", "login-refresh");
            Files.write(work.resolve("login-success.png"),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            // a second driver adds their own Tesla account the same way, through the public address
            browser.get(front.toString());
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login")));
            browser.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.titleContains("Logged in with Tesla"));
            assertThat(browser.getPageSource()).contains("anna-7f3e").doesNotContain("anna-access", "anna-refresh");
            browser.get(front.toString());
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("account-anna-7f3e")));
            assertThat(browser.findElement(By.id("account-list")).getText()).contains("default", "anna-7f3e");
            Files.write(work.resolve("second-account.png"),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
        assertThat(token).exists();
        tesla.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/v3/token")).withRequestBody(containing("code=good-code"))
                .withRequestBody(matching(".*code_verifier=[A-Za-z0-9_-]{43}.*")));
        assertThat(Files.getPosixFilePermissions(token)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(token)).contains("\"refresh_token\":\"login-refresh\"");
        String t = await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(30), "the car's metrics",
                p -> value(p, "tesla_battery_level_percent", "vin=\"" + VIN + "\"").isPresent());
        assertThat(value(t, "tesla_exporter_auth_ok", "account=\"default\"")).contains(1.0);
        t = await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(30), "the second account's car",
                p -> value(p, "tesla_battery_level_percent", "vin=\"" + ANNA_VIN + "\"", "account=\"anna-7f3e\"").isPresent());
        assertThat(value(t, "tesla_exporter_auth_ok", "account=\"anna-7f3e\"")).contains(1.0);
        assertThat(value(t, "tesla_account_vehicles", "account=\"anna-7f3e\"")).contains(1.0);
        assertThat(value(t, "tesla_battery_level_percent", "vin=\"" + VIN + "\"", "account=\"default\"")).isPresent();
        assertThat(Files.readString(token)).as("the first account's login is untouched by the second")
                .contains("\"refresh_token\":\"login-refresh\"");
        assertThat(Files.readString(work.resolve("accounts/anna-7f3e/token.json"))).contains("\"refresh_token\":\"anna-refresh\"");
        assertThat(t).doesNotContain("login-access", "anna-access", SECRET);
        Browser b = new Browser();
        b.signIn();
        String setup = b.get("/setup").body();
        assertThat(setup).contains("logged in (token file", VIN, "Logged In", "driving").doesNotContain("login-refresh");

        // a driver invited by a link: their own Tesla login, one use, and never the set-up page
        String made = b.post("/setup/invite", "csrf=" + b.csrf + "&name=Carl&hours=24").body();
        Matcher link = Pattern.compile("/invite/([A-Za-z0-9_-]{43})").matcher(made);
        assertThat(link.find()).as(made).isTrue();
        String secret = link.group(1);
        Browser guest = new Browser();
        HttpResponse<String> invitation = guest.get("/invite/" + secret);
        assertThat(invitation.statusCode()).isEqualTo(200);
        assertThat(invitation.body()).contains("Log in with Tesla", "Carl").doesNotContain("anna-7f3e", "Logged In", "href=\"/setup\"");
        HttpResponse<String> started = guest.post("/invite/start", "invitation=" + secret);
        assertThat(started.statusCode()).isEqualTo(303);
        URI authorize = URI.create(started.headers().firstValue("Location").orElseThrow());
        URI back = URI.create(guest.http.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Location").orElseThrow());
        HttpResponse<String> connected = guest.get(back.getRawPath() + "?" + back.getRawQuery());
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
        assertThat(connected.body()).contains("<h1>Connected</h1>", "1 car is monitored now")
                .doesNotContain("href=\"/setup\"", "anna-7f3e", "Logged In", "carl-access", "Next steps");
        assertThat(guest.get("/invite/" + secret).statusCode()).as("used: the link works once").isEqualTo(410);
        assertThat(guest.post("/invite/start", "invitation=" + secret).statusCode()).isEqualTo(410);
        assertThat(guest.get("/invite/" + secret.substring(1) + "A").statusCode()).as("forged").isEqualTo(404);
        HttpResponse<String> noSetup = guest.get("/setup");
        assertThat(noSetup.statusCode()).as("the invitation opens no door to the set-up page").isEqualTo(302);
        assertThat(noSetup.headers().firstValue("Location")).contains("/setup/signin");
        String carl = await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(30), "the invited driver's car",
                p -> value(p, "tesla_battery_level_percent", "vin=\"" + CARL_VIN + "\"", "account=\"carl-5c\"").isPresent());
        assertThat(value(carl, "tesla_exporter_auth_ok", "account=\"carl-5c\"", "account_name=\"Carl\"")).contains(1.0);
        assertThat(b.get("/setup").body()).contains("used: carl-5c");
    }

    /** One raw HTTP/1.1 exchange, for what java.net.http will not send (a forged Host, a lying Content-Length). */
    private static String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", exporter.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // read one answer: headers, then Content-Length bytes or chunks up to the last one
            java.io.InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                answer.append((char) c);
                String sofar = answer.toString();
                int end = sofar.indexOf("\r\n\r\n");
                if (end >= 0) {
                    java.util.regex.Matcher length = Pattern.compile("(?i)\r\nContent-Length: (\\d+)").matcher(sofar);
                    if (length.find() && sofar.length() >= end + 4 + Integer.parseInt(length.group(1))) {
                        break;
                    }
                    if (sofar.toLowerCase().contains("transfer-encoding: chunked") && sofar.endsWith("\r\n0\r\n\r\n")) {
                        break;
                    }
                    if (!sofar.toLowerCase().contains("transfer-encoding: chunked") && !length.reset().find()) {
                        break;      // no body announced
                    }
                }
            }
            return answer.toString();
        }
    }

    @Test
    @Order(5)
    void strangersGetShortPlainAnswersAndNoServerDetails() throws Exception {
        String redirect = raw("GET /setup HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(redirect).startsWith("HTTP/1.1 302").contains("Location: /setup/signin\r\n").doesNotContain("evil.example");
        long logBefore = Files.size(exporter.log);
        String body = "password=" + "x".repeat(221);
        for (int i = 0; i < 200; i++) {
            String big = raw("POST /setup/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nContent-Length: 3000000\r\nConnection: close\r\n\r\n" + body);
            assertThat(big).startsWith("HTTP/1.1 413").doesNotContain("GRIZZLY", "Exception", "Payara");
        }
        assertThat(Files.size(exporter.log) - logBefore).as("200 refused requests write a line or two, not 900 KB")
                .isLessThan(8192);
        Browser b = new Browser();
        HttpResponse<String> openapi = b.get("/openapi");
        assertThat(openapi.statusCode()).as("no OpenAPI document in production").isNotEqualTo(200);
        HttpResponse<String> missing = b.get("/no-such-page");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("Payara", "GlassFish", "Exception");
        assertThat(missing.headers().firstValue("Server")).isEmpty();
        assertThat(missing.headers().firstValue("X-Powered-By")).isEmpty();
    }

    @Test
    @Order(6)
    void guessingThePasswordIsLockedOutWithoutParkingAThread() throws Exception {
        Browser b = new Browser();
        int locked = 0;
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = b.post("/setup/signin", "password=wrong-guess-" + i);
            if (r.statusCode() == 429) {
                locked++;
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(r.body()).contains("Too many wrong attempts");
            } else {
                assertThat(r.statusCode()).isEqualTo(403);
            }
        }
        assertThat(locked).as("after five free failures the address is locked out").isGreaterThanOrEqualTo(1);
        assertThat(b.post("/setup/signin", "password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)).statusCode())
                .as("even the right password waits out the lockout").isEqualTo(429);
        assertThat(exporter.output()).contains("Wrong set-up page password from 127.0.0.1");
    }
}
