package org.teslaexporter.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.http.OneLine;
import org.teslaexporter.http.RestClients;

/**
 * The OAuth 2 login with Tesla and the partner registration: builds the authorize URL with a fresh
 * {@code state}, checks and completes the callback (code → tokens → token file), and registers the
 * app's domain in a region. Every outcome is an {@link Outcome} the page shows — with Tesla's words
 * where there are any, never a token; what it means for HTTP is the page's business. The region is
 * the caller's (the Fleet API gateway knows it): no dependency on the Fleet API here.
 */
@ApplicationScoped
public class OAuthLogin {

    /** Longest accepted callback parameter: Tesla's codes and states are far shorter. */
    public static final int MAX_PARAMETER = 2048;
    private static final Logger LOG = Logger.getLogger(OAuthLogin.class.getName());

    /** What kind of outcome: done, refused (what was sent is wrong), Tesla failed us, or saving failed. */
    public enum Kind { DONE, REFUSED, TESLA_FAILED, NOT_SAVED }

    /** What happened, for the page to say. */
    public record Outcome(Kind kind, String title, String detail) {
        public boolean ok() {
            return kind == Kind.DONE;
        }

        public static Outcome refused(String title, String detail) {
            return new Outcome(Kind.REFUSED, title, detail);
        }

        static Outcome teslaFailed(String title, String detail) {
            return new Outcome(Kind.TESLA_FAILED, title, detail);
        }
    }

    @Inject
    ExporterConfig config;

    @Inject
    Cluster cluster;

    private LoginStates states;
    private volatile Outcome lastRegistration;
    private TokenEndpointClient tokenEndpoint;

    @PostConstruct
    void init() {
        Settings s = config.settings();
        states = new LoginStates(Clock.systemUTC(), s.login().timeout(), cluster);
        // bounded, but not abandoned: an authorization code is single use, its answer must be read if it comes
        tokenEndpoint = RestClients.bounded(TokenEndpointClient.class, s.login().tokenBase(), s.http());
    }

    /** A login to start: where to send the browser, the binding to set as a cookie in it, and the state Tesla brings back. */
    public record Start(URI authorizeUrl, String binding, String state) {
    }

    /**
     * Starts a login: Tesla's authorize page with a fresh state and a PKCE challenge (S256), and the
     * browser binding the callback must bring back; empty when the cluster's members did not keep it.
     */
    public Optional<Start> start() {
        Settings s = config.settings();
        Optional<LoginStates.Started> issued = states.issue();
        if (issued.isEmpty()) {
            return Optional.empty();
        }
        LoginStates.Started started = issued.get();
        String query = "response_type=code"
                + "&client_id=" + enc(s.login().clientId() == null ? "" : s.login().clientId())
                + "&redirect_uri=" + enc(s.login().redirectUri().toString())
                + "&scope=" + enc(s.login().scopes())
                + "&state=" + enc(started.state())
                + "&code_challenge=" + enc(started.codeChallenge())
                + "&code_challenge_method=S256"
                + "&prompt_missing_scopes=true";
        return Optional.of(new Start(URI.create(s.login().authBase() + "/oauth2/v3/authorize?" + query), started.binding(),
                started.state()));
    }

    /** What is missing before a login can work, or null. */
    public String loginBlocker() {
        Settings s = config.settings();
        if (s.login().clientId() == null) {
            return "TESLA_CLIENT_ID is not set: copy the client id of your app at developer.tesla.com into it.";
        }
        if (!s.login().clientSecret().isSet()) {
            return "TESLA_CLIENT_SECRET is not set: copy the client secret of your app at developer.tesla.com into it.";
        }
        return null;
    }

    /**
     * Handles Tesla's redirect back: checks everything, exchanges the code, saves the tokens.
     *
     * @param binding  the login cookie of the browser that brought the redirect, or null
     * @param audience the Fleet API of the account's region, which the tokens are for
     * @param target   the accounts, which keep the tokens under the id of whoever logged in
     */
    public Outcome complete(String code, String state, String error, String errorDescription, String binding, URI audience,
            LoginTarget target) {
        for (String p : new String[] {code, state, error, errorDescription, binding}) {
            if (p != null && p.length() > MAX_PARAMETER) {
                return Outcome.refused("Refused: a parameter is too long", "This does not look like Tesla's redirect."
                        + " Start the login again from the set-up page.");
            }
        }
        LoginStates.Checked checked = states.consume(state, binding);
        switch (checked.verdict()) {
            case MISSING -> {
                return Outcome.refused("Refused: no state", "Tesla's redirect always carries the state this"
                        + " exporter sent. Start the login from the set-up page.");
            }
            case UNKNOWN -> {
                return Outcome.refused("Refused: unknown state", "This login was not started by this exporter"
                        + " (or it restarted meanwhile). Start the login again from the set-up page.");
            }
            case REUSED -> {
                return Outcome.refused("Refused: this login was already used", "Each login can be completed"
                        + " once. Start a new login from the set-up page.");
            }
            case EXPIRED -> {
                return Outcome.refused("Refused: the login took too long", "Complete it within "
                        + config.settings().login().timeout().toMinutes() + " minutes. Start the login again from the set-up page.");
            }
            case OTHER_BROWSER -> {
                return Outcome.refused("Refused: this login was started in another browser", "Complete the login"
                        + " in the browser in which you pressed \"Log in with Tesla\" on the set-up page (and allow its"
                        + " cookies), or start it again here.");
            }
            case VALID -> {
                // go on
            }
        }
        if (error != null && !error.isBlank()) {
            String why = error.equals("access_denied") ? "You (or Tesla) declined the access." : "Tesla reported an error.";
            return Outcome.refused("Tesla did not grant access: " + OneLine.of(error, 100), why
                    + (errorDescription == null || errorDescription.isBlank() ? "" : " Tesla says: " + OneLine.of(errorDescription, 300))
                    + " Start the login again from the set-up page.");
        }
        if (code == null || code.isBlank()) {
            return Outcome.refused("Refused: no authorization code", "Tesla's redirect carries a code after a"
                    + " successful login. Start the login again from the set-up page.");
        }
        String blocker = loginBlocker();
        if (blocker != null) {
            return Outcome.refused("Cannot complete the login", blocker);
        }
        Settings s = config.settings();
        Form form = new Form().param("grant_type", "authorization_code").param("client_id", s.login().clientId())
                .param("client_secret", s.login().clientSecret().reveal()).param("code", code)
                .param("redirect_uri", s.login().redirectUri().toString()).param("audience", audience.toString())
                .param("code_verifier", checked.codeVerifier());
        JsonObject answer;
        try {
            answer = tokenEndpoint.token(form);
        } catch (TokenRefusedException e) {
            return Outcome.refused("Tesla refused the authorization code", e.getMessage()
                    + ". Codes are single use and expire within minutes. Start the login again from the set-up page.");
        } catch (ProcessingException | WebApplicationException e) {
            return Outcome.teslaFailed("Tesla's token endpoint could not be reached", s.login().tokenBase() + ": "
                    + e.getClass().getSimpleName() + ". Check TESLA_TOKEN_BASE and the network, then try again.");
        }
        Tokens fresh = answer == null ? null : Tokens.fromAnswer(answer, null, Instant.now()).orElse(null);
        if (fresh == null || fresh.accessToken() == null) {
            return Outcome.teslaFailed("Tesla's answer held no tokens", "Try the login again.");
        }
        String idToken = answer.get("id_token") instanceof JsonString t ? t.getString() : null;
        String saved;
        try {
            saved = target.save(TokenSubject.of(idToken, fresh.accessToken()).orElse(null), fresh);
        } catch (TokenFileException e) {
            return new Outcome(Kind.NOT_SAVED, "The login worked, but the tokens could not be saved", e.getMessage());
        } catch (LoginTarget.Refused e) {
            return Outcome.refused("Refused: " + e.getMessage(), "Nothing was saved.");
        }
        LOG.info("Login with Tesla completed.");
        return new Outcome(Kind.DONE, "Logged in with Tesla", saved + " Polling starts now.");
    }

    /** Registers the redirect URI's domain as the app's partner domain in the region of the Fleet API {@code base}. */
    public Outcome registerPartner(URI base) {
        Outcome outcome = register(base);
        lastRegistration = outcome;
        return outcome;
    }

    /** What the last {@link #registerPartner} since start came to, if there was one. */
    public Optional<Outcome> lastRegistration() {
        return Optional.ofNullable(lastRegistration);
    }

    private Outcome register(URI base) {
        String blocker = loginBlocker();
        if (blocker != null) {
            return Outcome.refused("Cannot register", blocker);
        }
        Settings s = config.settings();
        String domain = s.login().redirectUri().getHost();
        Form form = new Form().param("grant_type", "client_credentials").param("client_id", s.login().clientId())
                .param("client_secret", s.login().clientSecret().reveal())
                .param("scope", "openid vehicle_device_data vehicle_location").param("audience", base.toString());
        JsonObject partner;
        try {
            partner = tokenEndpoint.token(form);
        } catch (TokenRefusedException e) {
            return Outcome.refused("Tesla refused the partner token", e.getMessage()
                    + ". Check TESLA_CLIENT_ID and TESLA_CLIENT_SECRET.");
        } catch (ProcessingException | WebApplicationException e) {
            return Outcome.teslaFailed("Tesla's token endpoint could not be reached", e.getClass().getSimpleName());
        }
        String partnerToken = partner.get("access_token") instanceof JsonString t ? t.getString() : null;
        if (partnerToken == null) {
            return Outcome.teslaFailed("Tesla's answer held no partner token", "Try again.");
        }
        PartnerAccountsClient client = RestClients.withDeadline(PartnerAccountsClient.class, base, s.http());
        try (Response r = client.register("Bearer " + partnerToken, Json.createObjectBuilder().add("domain", domain).build())) {
            String body = OneLine.of(r.hasEntity() ? r.readEntity(String.class) : "", 1000);
            int status = r.getStatus();
            if (status / 100 == 2) {
                return new Outcome(Kind.DONE, "Registered " + domain + " in " + base, "Tesla answered " + status + ": " + body);
            }
            return Outcome.teslaFailed("Tesla refused the registration (" + status + ")", body + " — " + hint(status, domain));
        } catch (ProcessingException e) {
            return Outcome.teslaFailed("The Fleet API could not be reached", base + ": " + e.getClass().getSimpleName());
        }
    }

    static String hint(int status, String domain) {
        return switch (status) {
            case 424, 404 -> "Tesla could not fetch your public key from https://" + domain
                    + "/.well-known/appspecific/com.tesla.3p.public-key.pem. Make that URL serve this exporter's"
                    + " key (forward the path to the exporter in your reverse proxy), then register again.";
            case 412 -> "The app must be registered in this region: this is what the button does; if it persists,"
                    + " check that TESLA_API_BASE is your region's Fleet API.";
            case 400 -> "The domain must match an allowed origin of your app at developer.tesla.com (" + domain + ").";
            case 401, 403 -> "Check TESLA_CLIENT_ID and TESLA_CLIENT_SECRET, and the app's scopes.";
            default -> "See Tesla's answer above.";
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
