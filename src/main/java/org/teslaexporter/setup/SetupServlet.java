package org.teslaexporter.setup;

import static org.teslaexporter.setup.Html.esc;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.auth.AdminAccess;
import org.teslaexporter.auth.AppKeys;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.fleetapi.FleetApiGateway;
import org.teslaexporter.http.LogLimiter;
import org.teslaexporter.http.OneLine;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.telemetry.TelemetryConfigurator;
import org.teslaexporter.telemetry.TelemetrySubscriber;
import org.teslaexporter.polling.VehiclePoller;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.Vin;

/**
 * The set-up page: what is configured and what to do next, the app key, the partner registration,
 * "Log in with Tesla" (and the paste-the-redirect form for set-ups Tesla cannot redirect to), and
 * the vehicles found. Behind {@link AdminFilter}; every POST carries the session's CSRF token.
 */
@WebServlet({"/setup", "/setup/*"})
public class SetupServlet extends HttpServlet {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** The mark of a browser that signed in before ({@link AdminAccess#newDeviceMark()}); kept a year. */
    static final String DEVICE_COOKIE = "TESLA_EXPORTER_DEVICE";
    static final long DEVICE_MAX_AGE_SECONDS = 365L * 24 * 3600;
    /** Longest redirect URL accepted in the paste form. */
    static final int MAX_PASTED = 8192;

    @Inject
    ExporterConfig config;

    @Inject
    AdminAccess admin;

    @Inject
    AccessTokens tokens;

    @Inject
    AppKeys appKeys;

    @Inject
    OAuthLogin login;

    @Inject
    FleetApiGateway api;

    @Inject
    FleetState fleet;

    @Inject
    VehiclePoller poller;

    @Inject
    AdminSessions sessions;

    @Inject
    TelemetrySubscriber stream;

    @Inject
    TelemetryConfigurator telemetryConfig;

    private final SignInThrottle throttle = new SignInThrottle(Clock.systemUTC());
    private final LogLimiter failureLog = new LogLimiter(Logger.getLogger(SetupServlet.class.getName()),
            Duration.ofMinutes(1), Clock.systemUTC());
    private volatile OAuthLogin.Outcome lastRegistration;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (path.equals("/setup/signin")) {
            html(response, 200, Html.page("Sign in", signInForm(null)));
        } else if (path.equals("/setup") || path.equals("/setup/")) {
            html(response, 200, Html.page("Set-up", setupPage(((AdminSessions.Session) request.getAttribute(AdminFilter.SESSION)).csrf())));
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getRequestURI()) {
            case "/setup/signin" -> signIn(request, response);
            case "/setup/signout" -> {
                sessions.signOut(request, response, https(request));
                ClientRequests.seeOther(response, "/setup/signin");
            }
            case "/setup/login" -> {
                String blocker = login.loginBlocker();
                if (blocker != null) {
                    html(response, 400, Html.page("Cannot log in yet", "<p class=\"problem\">" + esc(blocker)
                            + "</p><p><a href=\"/setup\">Back</a></p>"));
                } else {
                    OAuthLogin.Start start = login.start();
                    // Lax, not Strict: Tesla's redirect back is a cross-site navigation, and must bring it along.
                    // kept ten minutes past the state's expiry, so a late callback hears "too late", not "other browser"
                    ClientRequests.setCookie(response, CallbackServlet.LOGIN_COOKIE, start.binding(), "/", "Lax",
                            config.settings().login().timeout().toSeconds() + 600, https(request));
                    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                    response.setHeader("Location", start.authorizeUrl().toString());
                }
            }
            case "/setup/paste" -> paste(request, response);
            case "/setup/telemetry/send" -> {
                telemetryConfig.syncNow(true);
                ClientRequests.seeOther(response, "/setup#streaming");
            }
            case "/setup/telemetry/remove" -> {
                String vin = request.getParameter("vin");
                if (Vin.valid(vin)) {
                    telemetryConfig.removeNow(vin);
                }
                ClientRequests.seeOther(response, "/setup#streaming");
            }
            case "/setup/register" -> {
                lastRegistration = login.registerPartner(api.baseUri());
                ClientRequests.seeOther(response, "/setup#registration");
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> proxies = config.settings().server().trustedProxies();
        String client = ClientRequests.clientAddress(request, proxies);
        // a browser that signed in before is not held back by the global limit an attacker may keep busy
        Optional<Duration> wait = throttle.wait(client, admin.knowsDevice(ClientRequests.cookie(request, DEVICE_COOKIE)));
        if (wait.isPresent()) {
            // answered at once: no thread parked, and the password is not even looked at
            response.setHeader("Retry-After", Long.toString(wait.get().toSeconds()));
            html(response, 429, Html.page("Sign in", signInForm("Too many wrong attempts: wait " + wait.get().toSeconds()
                    + " s before the next one.")));
            return;
        }
        if (!admin.accepts(request.getParameter("password"))) {
            int failures = throttle.failed(client);
            failureLog.log(Level.WARNING, client, "Wrong set-up page password from " + OneLine.of(client, 45)
                    + " (" + failures + " in a row)");
            html(response, 403, Html.page("Sign in", signInForm("That is not the " + admin.credentialName() + ".")));
            return;
        }
        throttle.succeeded(client);
        ClientRequests.setCookie(response, DEVICE_COOKIE, admin.newDeviceMark(), "/setup", "Strict", DEVICE_MAX_AGE_SECONDS,
                https(request));
        sessions.signIn(request, response, https(request));
        ClientRequests.seeOther(response, "/setup");
    }

    private boolean https(HttpServletRequest request) {
        return ClientRequests.overHttps(request, config.settings().server().trustedProxies());
    }

    /** The full redirect URL pasted by the user: the same checks as the callback. */
    private void paste(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pasted = request.getParameter("redirect_url");
        OAuthLogin.Outcome outcome;
        if (pasted == null || pasted.isBlank()) {
            outcome = OAuthLogin.Outcome.refused("Refused: nothing pasted", "Paste the whole address Tesla's"
                    + " login sent your browser to.");
        } else if (pasted.length() > MAX_PASTED) {
            outcome = OAuthLogin.Outcome.refused("Refused: a parameter is too long", "That is not Tesla's redirect.");
        } else {
            Map<String, String> q = query(pasted.strip());
            outcome = q == null
                    ? OAuthLogin.Outcome.refused("Refused: not a URL", "Paste the whole address, starting with https://")
                    : login.complete(q.get("code"), q.get("state"), q.get("error"), q.get("error_description"),
                            ClientRequests.cookie(request, CallbackServlet.LOGIN_COOKIE), api.baseUri());
        }
        CallbackServlet.render(request, response, outcome, poller, https(request));
    }

    static Map<String, String> query(String url) {
        String raw;
        try {
            raw = new URI(url).getRawQuery();
        } catch (URISyntaxException e) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private String signInForm(String problem) {
        return (problem == null ? "" : "<p class=\"problem\">" + esc(problem) + "</p>")
                + "<form method=\"post\" action=\"/setup/signin\"><label>Your " + esc(admin.credentialName())
                + "<br><input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" required></label>"
                + " <button type=\"submit\" id=\"signin\">Sign in</button></form>";
    }

    private String setupPage(String csrf) {
        Settings s = config.settings();
        StringBuilder b = new StringBuilder();
        if (s.server().demo()) {
            b.append("<p class=\"problem\">Demo mode (TESLA_DEMO=true): the cars below are simulated; logging in is not needed.</p>");
        }

        b.append("<section><h2>1. Configuration</h2><table>");
        // the demo's cars are simulated: it needs no app at developer.tesla.com, so nothing is "missing"
        String notNeeded = s.server().demo() ? "not needed for the demo" : null;
        row(b, "Client id (TESLA_CLIENT_ID)", s.login().clientId() == null ? notNeeded : s.login().clientId(),
                "Create an app at developer.tesla.com and set TESLA_CLIENT_ID.");
        row(b, "Client secret (TESLA_CLIENT_SECRET)", s.login().clientSecret().isSet() ? "set" : notNeeded,
                "Set TESLA_CLIENT_SECRET to your app's client secret.");
        row(b, "Redirect URI (TESLA_REDIRECT_URI)", s.login().redirectUri().toString(), null);
        row(b, "Fleet API (region)", api.baseUri().toString(), null);
        row(b, "Login / token endpoints", s.login().authBase() + " / " + s.login().tokenBase(), null);
        row(b, "Scopes", s.login().scopes(), null);
        b.append("</table><p class=\"hint\">Your app at developer.tesla.com must list ").append(esc(s.login().redirectUri().toString()))
                .append(" as an allowed redirect URI, and ").append(esc(origin(s))).append(" as its allowed origin.</p>");
        String notPublic = notPublic(s.login().redirectUri().getHost());
        if (notPublic != null && !s.server().demo()) {
            b.append("<p class=\"problem\" id=\"redirect-problem\">").append(esc(notPublic)).append(" is not a public domain: Tesla"
                    + " takes your app's domain from TESLA_REDIRECT_URI, fetches the public key from it and refuses to register"
                    + " localhost or an IP address. Set TESLA_REDIRECT_URI to https://&lt;your domain&gt;/callback, served by a"
                    + " reverse proxy with HTTPS (README, \"Your own car\"), and list it in your app at developer.tesla.com.</p>");
        }
        b.append("</section>");

        AppKeys.Status keys = appKeys.status();
        b.append("<section><h2>2. App key</h2>");
        if (keys.ready()) {
            b.append("<p class=\"ok\">EC prime256v1 key pair ").append(keys.generated() ? "generated now" : "found")
                    .append(" in ").append(esc(s.files().dataDir().toString())).append(" (private key owner-only, never shown).</p>");
        } else {
            b.append("<p class=\"problem\">").append(esc(keys.problem())).append("</p>");
        }
        b.append("<p>Tesla fetches the public key from <code>https://").append(esc(s.login().redirectUri().getHost()))
                .append("/.well-known/appspecific/com.tesla.3p.public-key.pem</code>. This exporter serves it at "
                        + "<a href=\"/.well-known/appspecific/com.tesla.3p.public-key.pem\">that path</a>: forward it "
                        + "from your domain to the exporter in your reverse proxy.</p>");
        if (keys.publicKeyPem() != null) {
            b.append("<pre id=\"public-key\">").append(esc(keys.publicKeyPem())).append("</pre>");
        }
        b.append("</section>");

        b.append("<section id=\"registration\"><h2>3. Partner registration (once per region)</h2>")
                .append("<p>Registers ").append(esc(s.login().redirectUri().getHost())).append(" for ").append(esc(api.baseUri().toString()))
                .append(".</p>").append(Html.form("/setup/register", csrf, "<button type=\"submit\" id=\"register\">Register</button>"));
        OAuthLogin.Outcome reg = lastRegistration;
        if (reg != null) {
            b.append("<p class=\"").append(reg.ok() ? "ok" : "problem").append("\">").append(esc(reg.title())).append(": ")
                    .append(esc(reg.detail())).append("</p>");
        }
        b.append("</section>");

        b.append("<section><h2>4. Login</h2><p id=\"login-status\" class=\"")
                .append(tokens.status() == AccessTokens.Status.OK || tokens.status() == AccessTokens.Status.DEMO ? "ok" : "problem")
                .append("\">").append(esc(tokens.describe())).append("</p>");
        String blocker = login.loginBlocker();
        if (blocker != null) {
            b.append("<p class=\"problem\">").append(esc(blocker)).append("</p>");
        }
        b.append(Html.form("/setup/login", csrf, "<button type=\"submit\" id=\"login\">Log in with Tesla</button>"))
                .append("<details><summary>Tesla's redirect cannot reach this exporter?</summary>")
                .append("<p>After logging in, copy the whole address your browser was sent to and paste it here.</p>")
                .append(Html.form("/setup/paste", csrf, "<input type=\"url\" name=\"redirect_url\" id=\"redirect_url\" size=\"60\""
                        + " maxlength=\"" + MAX_PASTED + "\" required> <button type=\"submit\" id=\"paste\">Complete login</button>"))
                .append("</details></section>");

        b.append("<section><h2>5. Vehicles</h2>");
        var vehicles = fleet.vehicles().stream().sorted(Comparator.comparing(TrackedVehicle::vin)).toList();
        if (vehicles.isEmpty()) {
            b.append("<p>None yet: they appear after the first successful poll.</p>");
        } else {
            b.append("<table id=\"vehicles\"><tr><th>VIN</th><th>Name</th><th>State</th><th>Polling</th><th>Last data</th></tr>");
            for (TrackedVehicle v : vehicles) {
                b.append("<tr><td>").append(esc(v.vin())).append("</td><td>").append(esc(v.name())).append("</td><td>")
                        .append(esc(v.summary().state().label())).append("</td><td>").append(esc(v.polling().mode()))
                        .append("</td><td>").append(v.lastDataAt() == null ? "never" : esc(TIME.format(v.lastDataAt())))
                        .append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("</section>");
        streaming(b, s, vehicles, csrf);
        b.append(Html.form("/setup/signout", csrf, "<button type=\"submit\">Sign out</button>"));
        return b.toString();
    }

    /** Fleet Telemetry: the broker, and per car its config, key pairing and last signal. */
    private void streaming(StringBuilder b, Settings s, List<TrackedVehicle> vehicles, String csrf) {
        var t = s.telemetry();
        b.append("<section id=\"streaming\"><h2>6. Streaming (Fleet Telemetry)</h2>");
        if (!t.streaming()) {
            b.append("<p>Off: set TELEMETRY_MQTT_URL (and TELEMETRY_HOSTNAME) to have the cars stream instead of being polled;"
                    + " see README, \"Streaming\".</p></section>");
            return;
        }
        b.append("<p id=\"broker\" class=\"").append(stream.connected() ? "ok\">Connected to " : "problem\">Not connected to ")
                .append(esc(t.mqttUrl().toString())).append(stream.connected() || stream.problem() == null ? "" : ": " + esc(stream.problem()))
                .append("</p>");
        if (!telemetryConfig.enabled()) {
            b.append("<p>The cars are not configured by the exporter (TELEMETRY_HOSTNAME is not set).</p>");
        } else if (telemetryConfig.problem() != null) {
            b.append("<p class=\"problem\">").append(esc(telemetryConfig.problem())).append("</p>");
        }
        String domain = s.login().redirectUri().getHost();
        b.append("<p>A car streams only with this app's virtual key on it: open <a href=\"https://tesla.com/_ak/").append(esc(domain))
                .append("\">https://tesla.com/_ak/").append(esc(domain)).append("</a> on the phone with the Tesla app.</p>");
        b.append("<table id=\"streaming-cars\"><tr><th>VIN</th><th>Config</th><th>Key paired</th><th>Limit reached</th>"
                + "<th>Last signal</th><th></th></tr>");
        for (TrackedVehicle v : vehicles) {
            var c = telemetryConfig.status(v.vin()).orElse(null);
            String config = c == null ? "not checked yet" : c.problem() != null ? c.problem()
                    : c.skipped() != null ? "skipped by Tesla: " + c.skipped()
                    : (c.held() ? "sent" : "differs") + (Boolean.TRUE.equals(c.synced()) ? ", synced" : ", not synced yet");
            b.append("<tr><td>").append(esc(v.vin())).append("</td><td>").append(esc(config)).append("</td><td>")
                    .append(c == null || c.keyPaired() == null ? "?" : c.keyPaired() ? "yes" : "<span class=\"problem\">no</span>")
                    .append("</td><td>").append(c == null || c.limitReached() == null ? "?" : c.limitReached() ? "yes" : "no")
                    .append("</td><td>").append(v.streaming().lastSignalAt() == null ? "never" : esc(TIME.format(v.streaming().lastSignalAt())))
                    .append("</td><td>");
            if (telemetryConfig.enabled()) {
                b.append(Html.form("/setup/telemetry/remove", csrf, "<input type=\"hidden\" name=\"vin\" value=\"" + esc(v.vin())
                        + "\"><button type=\"submit\">Remove config</button>"));
            }
            b.append("</td></tr>");
        }
        b.append("</table>");
        if (telemetryConfig.enabled()) {
            b.append(Html.form("/setup/telemetry/send", csrf, "<button type=\"submit\" id=\"telemetry-send\">Send the config to every car now</button>"));
        }
        b.append("</section>");
    }

    /** The host when it cannot be a partner domain (localhost, an IP address, no dot), else null. */
    static String notPublic(String host) {
        if (host == null) {
            return "(no host)";
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        boolean ip = h.matches("[0-9.]+") || h.startsWith("[") || h.contains(":");
        return ip || h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || !h.contains(".") ? host : null;
    }

    private static String origin(Settings s) {
        URI r = s.login().redirectUri();
        return r.getScheme() + "://" + r.getHost() + (r.getPort() < 0 ? "" : ":" + r.getPort());
    }

    private static void row(StringBuilder b, String what, String value, String todo) {
        b.append("<tr><th>").append(esc(what)).append("</th><td>");
        if (value == null) {
            b.append("<span class=\"problem\">missing</span> — ").append(esc(todo));
        } else {
            b.append(esc(value));
        }
        b.append("</td></tr>");
    }

    private static void html(HttpServletResponse response, int status, String page) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(page);
    }

}
