package org.teslaexporter.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Form;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.fleetapi.RestClients;

/**
 * Hands out a valid access token for Fleet API calls. Refreshes {@link #REFRESH_AHEAD} before expiry
 * and after a refused token (once per token); writes the new pair to the token file <em>before</em>
 * using it, because Tesla's refresh tokens are single use. Re-reads the file when it changes on
 * disk (a new login). In demo mode there is no file: the simulated API takes a fixed token.
 */
@ApplicationScoped
public class AccessTokens {

    /** Refresh this long before the access token expires (Tesla's live 8 h). */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(10);
    static final String DEMO_TOKEN = "demo-access-token";

    private static final Logger LOG = Logger.getLogger(AccessTokens.class.getName());

    /** What the login looks like now; published as a metric and shown in logs. */
    public enum Status { NO_TOKEN, OK, REFRESH_FAILED, LOGIN_REQUIRED, TOKEN_FILE_BROKEN, DEMO }

    @Inject
    ExporterConfig config;

    private Settings settings;
    private TokenFile file;
    private Clock clock = Clock.systemUTC();
    private TokenEndpointClient endpoint;

    private Tokens tokens;
    private FileTime readAt;
    private Status status = Status.NO_TOKEN;
    private String lastProblem = "";
    private boolean saveFailed;

    @PostConstruct
    void init() {
        init(config.settings(), RestClients.build(TokenEndpointClient.class, config.settings().tokenBase(),
                config.settings()), Clock.systemUTC());
    }

    /** For tests: a given endpoint client and clock. */
    void init(Settings settings, TokenEndpointClient endpoint, Clock clock) {
        this.settings = settings;
        this.file = new TokenFile(settings.tokenFile());
        this.endpoint = endpoint;
        this.clock = clock;
        this.status = settings.demo() ? Status.DEMO : Status.NO_TOKEN;
        if (!settings.demo() && file.wasRefreshing()) {
            LOG.warning("The previous run stopped while a token refresh was in flight: Tesla may already have"
                    + " replaced the saved refresh token. If the next refresh is refused, log in again on the set-up page.");
            file.clearRefreshing();
        }
    }

    /** The {@code Authorization} header value, refreshing first if needed; empty when there is no usable login. */
    public synchronized Optional<String> bearer() {
        if (settings.demo()) {
            return Optional.of("Bearer " + DEMO_TOKEN);
        }
        reloadIfChanged();
        if (tokens == null || status == Status.LOGIN_REQUIRED) {
            return Optional.empty();
        }
        if (tokens.accessToken() == null || tokens.expiresWithin(REFRESH_AHEAD, clock.instant())) {
            refresh();
        }
        if (tokens.accessToken() == null || tokens.expiresWithin(Duration.ZERO, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of("Bearer " + tokens.accessToken());
    }

    /**
     * The Fleet API refused {@code rejectedBearer} (401). Refreshes once for that token; a second 401
     * for the same token does not refresh again.
     *
     * @return the new header value, if a refresh produced one
     */
    public synchronized Optional<String> refreshAfterRejection(String rejectedBearer) {
        if (settings.demo() || tokens == null) {
            return Optional.empty();
        }
        String current = "Bearer " + tokens.accessToken();
        if (!current.equals(rejectedBearer)) {
            return bearer();    // someone already refreshed (or the file changed): use the newer token
        }
        return refresh() ? Optional.of("Bearer " + tokens.accessToken()) : Optional.empty();
    }

    public synchronized Status status() {
        return status;
    }

    /**
     * A new login: the tokens are written to the token file first, and only then used, so a
     * crash cannot leave a login that exists only in memory.
     *
     * @throws TokenFileException if the file cannot be written (the new tokens are then not used)
     */
    public synchronized void loginWith(Tokens fresh) {
        file.write(fresh);
        readAt = file.lastModified().orElse(null);
        tokens = fresh;
        status = Status.OK;
        saveFailed = false;
        lastProblem = "";
        LOG.info("Logged in; tokens saved to " + file.path() + ".");
    }

    /** False while refreshed tokens could not be written to disk (the login would not survive a restart). */
    public synchronized boolean saved() {
        return !saveFailed;
    }

    /** A sentence for the log about the current state, with what to do; never a token. */
    public synchronized String describe() {
        return switch (status) {
            case DEMO -> "demo mode: simulated cars, no login needed";
            case OK -> "logged in (token file " + file.path() + ")";
            case NO_TOKEN -> "not logged in: no token file at " + file.path() + ". Log in to Tesla and put the"
                    + " token file there (the earlier exporter's token.json works as it is; TOKEN_FILE_PATH"
                    + " points elsewhere). Polling starts as soon as the file appears.";
            case LOGIN_REQUIRED -> "the login has expired or was revoked (" + lastProblem + "): log in again to"
                    + " write a new token file at " + file.path() + ".";
            case REFRESH_FAILED -> "refreshing the access token failed (" + lastProblem + "); retrying on the next poll.";
            case TOKEN_FILE_BROKEN -> lastProblem;
        };
    }

    /** Access-token expiry, for the metric {@code tesla_exporter_token_expiry_timestamp_seconds}. */
    public synchronized Optional<Instant> accessTokenExpiry() {
        return Optional.ofNullable(tokens).map(Tokens::expiresAt);
    }

    private void reloadIfChanged() {
        Optional<FileTime> modified = file.lastModified();
        if (modified.isEmpty()) {
            if (tokens == null) {
                status = Status.NO_TOKEN;
            }
            return;     // a file removed under us: keep using what we have in memory
        }
        if (modified.get().equals(readAt)) {
            return;
        }
        try {
            Optional<Tokens> read = file.read();
            readAt = modified.get();
            if (read.isPresent()) {
                boolean first = tokens == null;
                tokens = read.get();
                status = Status.OK;
                LOG.info(first ? "Token file " + file.path() + " loaded." : "Token file " + file.path()
                        + " changed on disk (a new login?): using the tokens in it.");
            }
        } catch (TokenFileException e) {
            readAt = modified.get();
            lastProblem = e.getMessage();
            if (tokens == null) {
                status = Status.TOKEN_FILE_BROKEN;
            }
            LOG.severe(e.getMessage());
        }
    }

    /** @return true if a new pair is in use */
    private boolean refresh() {
        if (settings.clientId() == null) {
            status = Status.REFRESH_FAILED;
            lastProblem = "TESLA_CLIENT_ID is not set, so the token cannot be refreshed";
            LOG.warning(lastProblem);
            return false;
        }
        Form form = new Form()
                .param("grant_type", "refresh_token")
                .param("client_id", settings.clientId())
                .param("refresh_token", tokens.refreshToken());
        file.markRefreshing();
        try {
            return exchangeAndSave(form);
        } finally {
            file.clearRefreshing();
        }
    }

    private boolean exchangeAndSave(Form form) {
        JsonObject answer;
        try {
            answer = endpoint.token(form);
        } catch (TokenRefusedException e) {
            lastProblem = e.getMessage();
            status = e.loginRequired() ? Status.LOGIN_REQUIRED : Status.REFRESH_FAILED;
            LOG.log(e.loginRequired() ? Level.SEVERE : Level.WARNING, "Token refresh refused: " + describe());
            return false;
        } catch (ProcessingException | WebApplicationException e) {
            lastProblem = "token endpoint not reachable: " + e.getClass().getSimpleName();
            status = Status.REFRESH_FAILED;
            LOG.warning("Token refresh failed: " + lastProblem);
            return false;
        }
        Optional<Tokens> answered = Tokens.fromAnswer(answer, tokens.refreshToken(), clock.instant());
        if (answered.isEmpty()) {
            lastProblem = "token endpoint answered without an access_token";
            status = Status.REFRESH_FAILED;
            LOG.warning("Token refresh failed: " + lastProblem);
            return false;
        }
        Tokens fresh = answered.get();
        try {
            file.write(fresh);
            readAt = file.lastModified().orElse(null);
            saveFailed = false;
        } catch (TokenFileException e) {
            saveFailed = true;
            // The old refresh token is already spent: keep the new pair in memory so polling goes on,
            // and shout, because a restart now would lose the login.
            LOG.severe("SAVING THE REFRESHED TOKENS FAILED; the login survives only until the exporter restarts. "
                    + e.getMessage());
        }
        tokens = fresh;
        status = Status.OK;
        LOG.info("Access token refreshed; valid until " + fresh.expiresAt() + ".");
        return true;
    }
}
