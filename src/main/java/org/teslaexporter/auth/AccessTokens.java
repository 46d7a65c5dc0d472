package org.teslaexporter.auth;

import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Form;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.cluster.ClusterUnavailableException;
import org.teslaexporter.cluster.Guarded;
import org.teslaexporter.config.Settings;
import org.teslaexporter.http.LogLimiter;
import org.teslaexporter.threads.DaemonThreads;

/**
 * Hands out a valid access token for Fleet API calls. Refreshes {@link #REFRESH_AHEAD} before expiry
 * and after a refused token; writes the new pair to the token file <em>before</em> using it, because
 * Tesla's refresh tokens are single use.
 * <p>
 * Three promises, each from a failure seen on a running exporter:
 * <ul>
 * <li><b>Readers never wait.</b> What the metrics and the set-up page read ({@link #status()},
 * {@link #saved()}, {@link #describe()}, {@link #accessTokenExpiry()}) is one immutable {@link View}
 * in a volatile field; no lock, no I/O.</li>
 * <li><b>One refresh at a time, in its own thread.</b> Callers that need it wait for its result at
 * most {@code HTTP_TOTAL_TIMEOUT_SECONDS}; the refresh itself is never abandoned, so an answer that
 * arrives late is still saved and used (abandoning it would lose the login).</li>
 * <li><b>Memory is never replaced by something older.</b> A pair that could not be saved (full
 * disk) stays in memory and in use, {@code tesla_exporter_token_saved} says 0, and saving is tried
 * again every {@link #SAVE_RETRY}. The file replaces memory only when it holds a refresh token this
 * process has never used (a new login); an unreadable, empty or stale file never does.</li>
 * </ul>
 * One instance per Tesla account, each with its own token file and its own refresher thread: one
 * account's hanging token endpoint or refused login never delays another's.
 * In demo mode there is no file: the simulated API takes a fixed token.
 */
public class AccessTokens {

    /** Refresh this long before the access token expires (Tesla's live 8 h). */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(10);
    /** After a failed save, try again this often (each poll would hammer a full disk). */
    static final Duration SAVE_RETRY = Duration.ofSeconds(30);
    static final String DEMO_TOKEN = "demo-access-token";
    /**
     * In a cluster: how long the others wait for a member that died (or was cut off) while it was refreshing the
     * account's token to come back with the pair Tesla gave it, before they send the refresh token it may have
     * spent. Long enough for a restart or a reboot; an access token has at most {@link #REFRESH_AHEAD} left then.
     */
    public static final Duration LOST_ANSWER_WAIT = Duration.ofMinutes(15);
    /** Meanwhile the mark is looked at again this often (the pair given back is taken at once anyway, through the watch). */
    static final Duration LOST_ANSWER_RECHECK = Duration.ofSeconds(5);
    /** Spent refresh tokens remembered (as hashes) so a stale file is recognised as stale. */
    private static final int SPENT_KEPT = 32;

    private static final Logger LOG = Logger.getLogger(AccessTokens.class.getName());

    /** What the login looks like now; published as a metric and shown in logs. */
    public enum Status {
        NO_TOKEN, OK, REFRESH_FAILED, LOGIN_REQUIRED, TOKEN_FILE_BROKEN, DEMO;

        /** A usable login: {@code tesla_exporter_auth_ok} 1, "logged in" on the set-up page. */
        public boolean loggedIn() {
            return this == OK || this == DEMO;
        }
    }

    /** Everything readers see, replaced as a whole. */
    private record View(Tokens tokens, Status status, String problem, boolean saveFailed, boolean refreshing) {
        View with(Status s, String p) {
            return new View(tokens, s, p, saveFailed, refreshing);
        }
    }

    private Settings settings;
    private TokenFile file;
    private volatile Path waitsFor;
    private Clock clock = Clock.systemUTC();
    private TokenEndpointClient endpoint;
    private Executor refresher;
    private ExecutorService ownRefresher;

    private volatile View view = new View(null, Status.NO_TOKEN, "", false, false);

    /** Guards changes of {@link #view} and the fields below; held for memory work and small file reads, never for HTTP. */
    private final Object lock = new Object();
    private FileTime readAt;
    private CompletableFuture<Boolean> inFlight;
    private boolean saveInFlight;
    /** The refresh token being saved by the refresher: its file is ours, not a new login. */
    private String writing;
    private Instant nextSaveAttempt = Instant.MIN;
    private final LinkedHashSet<String> spent = new LinkedHashSet<>();
    /** In a cluster: the account's lock and newest pair in the CP subsystem; null alone. */
    private Guarded shared;
    /** In a cluster: a new pair written by another member makes this one take it (onto its disk) at once. */
    private Guarded.Watch watching;
    private boolean syncInFlight;
    private boolean syncAgain;
    /** The refresh the previous run of this member died in ({@link TokenFile#markRefreshing}), until it is settled. */
    private volatile String diedIn;
    /** While waiting for a member that died mid-refresh ({@link #mayResend}): no refresh is tried before this, every poll would. */
    private volatile Instant pausedUntil = Instant.MIN;
    /** That wait, said once a minute (every poll asks for a token meanwhile). */
    private final LogLimiter waitLog = new LogLimiter(LOG, Duration.ofMinutes(1), Clock.systemUTC());

    /**
     * The login of one account, kept in {@code tokenFile}, refreshed through {@code endpoint} (bounded in
     * size and time, but not abandoned by its caller: see the class comment) in a thread of its own
     * named {@code tesla-token-refresh-<account>}, which ends when idle for a minute.
     */
    public static AccessTokens of(Settings settings, Path tokenFile, TokenEndpointClient endpoint, String account) {
        return of(settings, tokenFile, endpoint, account, null);
    }

    /**
     * The same, one of a cluster's members: {@code shared} is the account's lock and newest pair in the CP
     * subsystem, under which every refresh happens (see {@link #sync()}).
     */
    public static AccessTokens of(Settings settings, Path tokenFile, TokenEndpointClient endpoint, String account, Guarded shared) {
        AccessTokens tokens = new AccessTokens();
        tokens.shared = shared;
        ThreadPoolExecutor own = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                DaemonThreads.named("tesla-token-refresh-" + account));
        own.allowCoreThreadTimeOut(true);
        tokens.ownRefresher = own;
        tokens.init(settings, tokenFile, endpoint, Clock.systemUTC(), own);
        if (shared != null) {
            tokens.watching = shared.watch(tokens::sync);
        }
        return tokens;
    }

    /** Stops the refresher thread once a refresh in flight is done (its answer is still saved). */
    public void close() {
        if (watching != null) {
            watching.stop();
        }
        if (ownRefresher != null) {
            ownRefresher.shutdown();
        }
    }

    /** For tests: the token file of {@code TOKEN_FILE_PATH}, a given endpoint client, clock and executor for refreshes and saves. */
    void init(Settings settings, TokenEndpointClient endpoint, Clock clock, Executor refresher) {
        init(settings, settings.files().tokenFile(), endpoint, clock, refresher);
    }

    void init(Settings settings, Path tokenFile, TokenEndpointClient endpoint, Clock clock, Executor refresher) {
        this.settings = settings;
        this.file = new TokenFile(tokenFile);
        this.endpoint = endpoint;
        this.clock = clock;
        this.refresher = refresher;
        this.view = new View(null, settings.server().demo() ? Status.DEMO : Status.NO_TOKEN, "", false, false);
        if (!settings.server().demo()) {
            if (file.wasRefreshing()) {
                diedIn = file.refreshingFlight().orElse(null);
                LOG.warning("The previous run stopped while a token refresh was in flight: Tesla may already have"
                        + " replaced the saved refresh token. If the next refresh is refused, log in again on the set-up page.");
                file.clearRefreshing();
            }
            file.recover();
        }
    }

    /**
     * The {@code Authorization} header value, refreshing first if needed (waiting for the refresh at
     * most {@code HTTP_TOTAL_TIMEOUT_SECONDS}); empty when there is no usable token now.
     */
    public Optional<String> bearer() {
        if (settings.server().demo()) {
            return Optional.of("Bearer " + DEMO_TOKEN);
        }
        CompletableFuture<Boolean> refresh;
        synchronized (lock) {
            reloadIfChanged();
            retrySaveIfDue();
            View v = view;
            if (v.tokens() == null || v.status() == Status.LOGIN_REQUIRED) {
                return Optional.empty();
            }
            if (!needsRefresh(v.tokens())) {
                return Optional.of("Bearer " + v.tokens().accessToken());
            }
            if (clock.instant().isBefore(pausedUntil)) {
                return usable(v.tokens());      // a member that died mid-refresh is awaited: the token in use serves meanwhile
            }
            refresh = startRefresh();
        }
        awaitQuietly(refresh);
        return usable(view.tokens());
    }

    /**
     * The Fleet API refused {@code rejectedBearer} (401): refresh once for that token (joining a
     * refresh already in flight), unless a newer token is already there.
     *
     * @return the new header value, if there is one
     */
    public Optional<String> refreshAfterRejection(String rejectedBearer) {
        if (settings.server().demo()) {
            return Optional.empty();
        }
        CompletableFuture<Boolean> refresh;
        synchronized (lock) {
            Tokens t = view.tokens();
            if (t == null || view.status() == Status.LOGIN_REQUIRED) {
                return Optional.empty();
            }
            if (!("Bearer " + t.accessToken()).equals(rejectedBearer) && inFlight == null) {
                return usable(t);     // someone already refreshed (or a new login arrived): use the newer token
            }
            refresh = startRefresh();
        }
        awaitQuietly(refresh);
        Optional<String> now = usable(view.tokens());
        return now.filter(b -> !b.equals(rejectedBearer));
    }

    /** True while a refresh is running (its caller gave up waiting, or is still waiting). */
    public boolean refreshing() {
        return view.refreshing();
    }

    public Status status() {
        return view.status();
    }

    /**
     * A new login: the tokens are written to the token file first, and only then used, so a
     * crash cannot leave a login that exists only in memory.
     *
     * @throws TokenFileException if the file cannot be written (the new tokens are then not used)
     */
    public void loginWith(Tokens fresh) {
        synchronized (lock) {
            file.write(fresh);
            readAt = file.lastModified().orElse(null);
            View old = view;
            if (old.tokens() != null) {
                remember(old.tokens().refreshToken());
            }
            view = new View(fresh, Status.OK, "", false, old.refreshing());
        }
        LOG.info("Logged in; tokens saved to " + file.path() + ".");
        sync();     // in a cluster: the other members take the new login from it
    }

    /**
     * Where an owner without a login may put a token file, for the "not logged in" sentence (the
     * account {@code default}: {@code TOKEN_FILE_PATH}, which is taken up from there); else its own file.
     */
    public void waitsFor(Path tokenFile) {
        waitsFor = tokenFile;
    }

    /** Where this account's tokens are kept. */
    public Path path() {
        return file.path();
    }

    /**
     * True when {@code refreshToken} is the one in use or one this process has used before: a token file
     * holding it is no new login (a copy left behind, or stale).
     */
    public boolean knows(String refreshToken) {
        synchronized (lock) {
            return known(view.tokens(), refreshToken);
        }
    }

    /** Call with {@link #lock} held: {@code refreshToken} is that of {@code inUse}, or one this process has spent. */
    private boolean known(Tokens inUse, String refreshToken) {
        return inUse != null && (refreshToken.equals(inUse.refreshToken()) || spent.contains(LoginStates.sha256(refreshToken)));
    }

    /** False while the pair in use could not be written to disk (the login would not survive a restart). */
    public boolean saved() {
        return !view.saveFailed();
    }

    /** A sentence for the log and the set-up page about the current state, with what to do; never a token. */
    public String describe() {
        View v = view;
        String base = switch (v.status()) {
            case DEMO -> "demo mode: simulated cars, no login needed";
            case OK -> "logged in (token file " + file.path() + ")";
            case NO_TOKEN -> "not logged in: no token file at " + (waitsFor != null ? waitsFor : file.path()) + ". Log in on the set-up page, or put"
                    + " a token file there (the earlier exporter's token.json works as it is). Polling starts as soon"
                    + " as the file appears.";
            case LOGIN_REQUIRED -> "the login has expired or was revoked (" + v.problem() + "): log in again to"
                    + " write a new token file at " + file.path() + ".";
            case REFRESH_FAILED -> "refreshing the access token failed (" + v.problem() + "); retrying on the next poll.";
            case TOKEN_FILE_BROKEN -> v.problem();
        };
        if (v.refreshing()) {
            base += " A token refresh is in progress.";
        }
        if (v.saveFailed()) {
            base += " THE CURRENT TOKENS COULD NOT BE SAVED (" + v.problem() + "): the login survives only until the"
                    + " exporter restarts; saving is retried every " + SAVE_RETRY.toSeconds() + " s.";
        }
        return base;
    }

    /** When the tokens in use were issued (the last refresh or login), if known. */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(view.tokens()).map(Tokens::createdAt);
    }

    /** Access-token expiry, for the metric {@code tesla_exporter_token_expiry_timestamp_seconds}. */
    public Optional<Instant> accessTokenExpiry() {
        return Optional.ofNullable(view.tokens()).map(Tokens::expiresAt);
    }

    private boolean needsRefresh(Tokens t) {
        return t.accessToken() == null || t.expiresWithin(REFRESH_AHEAD, clock.instant());
    }

    private Optional<String> usable(Tokens t) {
        if (t == null || t.accessToken() == null || t.expiresWithin(Duration.ZERO, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of("Bearer " + t.accessToken());
    }

    private void awaitQuietly(CompletableFuture<Boolean> refresh) {
        try {
            refresh.get(settings.http().total().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            LOG.fine("Token refresh still running; this call goes on without waiting longer.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "Token refresh failed unexpectedly", e.getCause());
        }
    }

    /** Starts the refresh unless one is running; call with {@link #lock} held. */
    private CompletableFuture<Boolean> startRefresh() {
        if (inFlight != null) {
            return inFlight;
        }
        if (settings.login().clientId() == null) {
            view = view.with(Status.REFRESH_FAILED, "TESLA_CLIENT_ID is not set, so the token cannot be refreshed");
            LOG.warning(view.problem());
            return CompletableFuture.completedFuture(false);
        }
        Tokens from = view.tokens();
        view = new View(from, view.status(), view.problem(), view.saveFailed(), true);
        CompletableFuture<Boolean> refresh = new CompletableFuture<>();
        inFlight = refresh;
        try {
            refresher.execute(() -> {
                boolean ok = false;
                try {
                    ok = refresh(from);
                } catch (RuntimeException unexpected) {
                    LOG.log(Level.SEVERE, "Token refresh failed unexpectedly", unexpected);
                } finally {
                    synchronized (lock) {
                        inFlight = null;
                        View v = view;
                        view = new View(v.tokens(), v.status(), v.problem(), v.saveFailed(), false);
                    }
                    refresh.complete(ok);
                }
            });
        } catch (RuntimeException rejected) {
            inFlight = null;
            view = new View(from, Status.REFRESH_FAILED, "cannot start the refresh: " + rejected.getClass().getSimpleName(),
                    view.saveFailed(), false);
            refresh.complete(false);
        }
        return refresh;
    }

    /** In the refresher thread: asks Tesla, saves, then uses. @return true if a new pair is in use */
    private boolean refresh(Tokens from) {
        Form form = new Form()
                .param("grant_type", "refresh_token")
                .param("client_id", settings.login().clientId())
                .param("refresh_token", from.refreshToken());
        String flight = java.util.UUID.randomUUID().toString();
        file.markRefreshing(flight);       // before anything is sent: the member back from a crash knows its own flight
        try {
            return shared == null ? exchangeAndSave(form, from) : refreshUnderLock(form, from, flight);
        } finally {
            file.clearRefreshing();
        }
    }

    /**
     * A cluster member's refresh: one member at a time (the CP subsystem's lock), and only if no member has
     * refreshed meanwhile — then its newer pair is taken instead, without a call to Tesla. So each refresh
     * token goes to Tesla once, cluster-wide. Without a majority there is no refresh at all: the access token
     * in use (8 hours) goes on serving, and the login is never declared lost on this side of a split.
     * <p>
     * Tesla spends the refresh token when it answers, and the answer exists in one member's memory until that
     * member has written it down: so the member marks the cluster's pair as in flight ({@link ClusterPair})
     * before it sends the token, and writes the answer to its disk and then to the cluster. A member that
     * finds a mark left behind never sends that token: the member that left it may have the new pair on its
     * disk, and gives it to the cluster when it is back ({@link #sync()}); it may also have died before the
     * answer reached its disk, which no one can tell from outside. So the others wait
     * {@link #LOST_ANSWER_WAIT} for it; the member back from the crash, finding its own mark and no newer pair
     * on its disk, sends the token once more at once: it was either never spent, or the login was lost
     * with the answer.
     */
    private boolean refreshUnderLock(Form form, Tokens from, String flight) {
        try {
            return shared.withLock(settings.http().total(), held -> {
                Optional<ClusterPair> current = held.value().flatMap(this::clusterPair);
                if (current.isPresent() && takesOver(current.get().pair(), from)) {
                    // another member refreshed since this refresh was asked for: `from` may be spent at Tesla, never send it
                    return adopt(current.get().pair(), "another member refreshed it");
                }
                Optional<ClusterPair.Flight> left = current.filter(c -> c.pair().refreshToken().equals(from.refreshToken()))
                        .flatMap(ClusterPair::flight);
                if (left.isPresent() && !mayResend(left.get(), from)) {
                    return false;
                }
                // from now until the answer is written back, `from` may be spent: a member that dies here leaves the mark
                held.write(ClusterPair.settled(from).refreshing(flight, clock.instant()).format());
                boolean refreshed = exchangeAndSave(form, from);
                Tokens now = view.tokens();
                // Tesla has just spent `from` if it answered: the pair it gave is the cluster's now, whatever the clocks
                // say; if it refused or could not be asked, the mark goes and `from` stays the cluster's
                held.write(ClusterPair.settled(now != null && !now.refreshToken().equals(from.refreshToken()) ? now : from).format());
                return refreshed;
            });
        } catch (ClusterUnavailableException e) {
            // a pair refreshed here whose write was lost is given to the cluster by the next sync(): it is the newer one
            LOG.warning("The token of this account is not refreshed now: the cluster cannot answer (" + e.getMessage() + ")."
                    + " The access token in use serves until it expires; the refresh is tried again.");
            return view.tokens() != from && usable(view.tokens()).isPresent();
        }
    }

    /**
     * Whether the refresh token of {@code from}, marked as sent by a refresh that never finished ({@code left}),
     * may be sent now: by the member that sent it, back from a crash without the answer on its disk (it has not
     * been spent, or the login is lost anyway); by any member once the one that sent it has had
     * {@link #LOST_ANSWER_WAIT} to come back. Otherwise the access token in use serves meanwhile, and the
     * login is not declared lost.
     */
    private boolean mayResend(ClusterPair.Flight left, Tokens from) {
        if (left.name().equals(diedIn)) {
            diedIn = null;
            LOG.warning("This member stopped while it was sending the account's refresh token to Tesla, and no answer reached"
                    + " its disk: it sends the token once more. If Tesla had answered before the stop, the login was lost with"
                    + " the answer and Tesla refuses it: then log in again on the set-up page.");
            return true;
        }
        Instant until = left.since().plus(LOST_ANSWER_WAIT);
        if (!clock.instant().isBefore(until)) {
            LOG.warning("The member that was refreshing the account's token at " + left.since() + " has not come back with"
                    + " Tesla's answer in " + LOST_ANSWER_WAIT.toMinutes() + " minutes: this member sends the refresh token it"
                    + " may have spent. If Tesla refuses it, log in again on the set-up page.");
            return true;
        }
        String problem = "another member stopped while refreshing this account's token (at " + left.since() + "); the new pair"
                + " is on its disk if Tesla's answer reached it, and comes back with it. The refresh token it may have spent"
                + " is not sent again before " + until;
        synchronized (lock) {
            if (view.tokens() == from && usable(from).isEmpty()) {
                view = view.with(Status.REFRESH_FAILED, problem);
            }
        }
        pausedUntil = clock.instant().plus(LOST_ANSWER_RECHECK);
        waitLog.log(Level.WARNING, "lost answer", "The account's token is not refreshed now: " + problem + ".");
        return false;
    }

    /** The cluster's pair of the account, if it can be read; a broken one is ignored (and a refresh then goes to Tesla). */
    private Optional<ClusterPair> clusterPair(String text) {
        try {
            return Optional.of(ClusterPair.parse(text));
        } catch (TokenFileException e) {
            LOG.warning(e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Whether the cluster's pair {@code theirs} replaces {@code mine}: it is another pair, not one this member has
     * spent or replaced, and not older by its time of issue. A tie goes to theirs: a refresh token that may have been
     * spent is never sent to Tesla.
     */
    private boolean takesOver(Tokens theirs, Tokens mine) {
        if (mine == null) {
            return true;
        }
        if (theirs.refreshToken().equals(mine.refreshToken())) {
            return false;
        }
        synchronized (lock) {
            if (spent.contains(LoginStates.sha256(theirs.refreshToken()))) {
                return false;
            }
        }
        // at the token file's precision (milliseconds): a pair of this member keeps its nanoseconds, one through the cluster does not
        return mine.createdAt() == null || theirs.createdAt() == null
                || !mine.createdAt().truncatedTo(ChronoUnit.MILLIS).isAfter(theirs.createdAt().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Takes a newer pair from the cluster into use and onto this member's disk. @return whether it is usable */
    private boolean adopt(Tokens newer, String why) {
        synchronized (lock) {
            if (view.tokens() != null && view.tokens().refreshToken().equals(newer.refreshToken())) {
                return usable(view.tokens()).isPresent();      // taken already (a sync just before this refresh)
            }
            writing = newer.refreshToken();     // a poll reading the file meanwhile sees our own write, not a new login
        }
        String saveProblem = save(newer);
        synchronized (lock) {
            writing = null;
            View v = view;
            if (v.tokens() != null) {
                remember(v.tokens().refreshToken());
            }
            view = new View(newer, Status.OK, saveProblem == null ? "" : saveProblem, saveProblem != null, v.refreshing());
            if (saveProblem != null) {
                nextSaveAttempt = clock.instant().plus(SAVE_RETRY);
            }
        }
        LOG.info("The account's newest token pair came from the cluster (" + why + ")" + (saveProblem == null ? "; saved to "
                + file.path() + "." : ", but could not be saved here: " + saveProblem));
        return usable(newer).isPresent();
    }

    /**
     * A cluster member keeps the cluster's newest pair on its own disk too (so a whole cluster's restart loses
     * nothing), and gives the cluster a pair only it has (a login here, a refresh whose write was lost) — but
     * never an older one than the cluster holds: a member back with an old file takes the newer pair instead.
     * Runs in the account's refresher thread; the caller never waits. Nothing alone.
     */
    public void sync() {
        if (shared == null || settings.server().demo()) {
            return;
        }
        synchronized (lock) {
            if (syncInFlight) {
                syncAgain = true;       // the one in flight may have read the cluster's pair before the news: once more after it
                return;
            }
            if (inFlight != null) {
                return;                 // the refresh in flight reads the cluster's pair under the lock itself
            }
            syncInFlight = true;
        }
        try {
            refresher.execute(() -> {
                try {
                    syncNow();
                } catch (ClusterUnavailableException e) {
                    LOG.fine("The cluster cannot answer now; the account's pair is compared again later: " + e.getMessage());
                } catch (RuntimeException unexpected) {
                    LOG.log(Level.WARNING, "Comparing the account's pair with the cluster's failed unexpectedly", unexpected);
                } finally {
                    boolean again;
                    synchronized (lock) {
                        syncInFlight = false;
                        again = syncAgain;
                        syncAgain = false;
                    }
                    if (again) {
                        sync();
                    }
                }
            });
        } catch (RuntimeException rejected) {
            synchronized (lock) {
                syncInFlight = false;
            }
        }
    }

    private void syncNow() {
        synchronized (lock) {
            reloadIfChanged();
        }
        Tokens mine = view.tokens();
        Optional<Tokens> newest = shared.read().flatMap(this::clusterPair).map(ClusterPair::pair);
        if (newest.isPresent() && takesOver(newest.get(), mine)) {
            adopt(newest.get(), mine == null ? "logged in on another member" : "a newer pair than this member's");
            return;
        }
        if (mine == null || newest.isPresent() && newest.get().refreshToken().equals(mine.refreshToken())) {
            return;
        }
        // this member's pair is newer than the cluster's (a login here; a refresh whose answer only its disk kept, the mark
        // of which then goes), or the cluster has none: give it, under the lock
        boolean given = shared.withLock(settings.http().total(), held -> {
            Optional<Tokens> now = held.value().flatMap(this::clusterPair).map(ClusterPair::pair);
            if (now.isPresent() && now.get().refreshToken().equals(mine.refreshToken())) {
                return false;
            }
            if (now.isPresent() && takesOver(now.get(), mine)) {
                adopt(now.get(), "a newer pair than this member's");
                return false;
            }
            held.write(ClusterPair.settled(mine).format());
            return true;
        });
        if (given) {
            LOG.info("This member's token pair of the account is the cluster's now.");
        }
    }

    private boolean exchangeAndSave(Form form, Tokens from) {
        JsonObject answer;
        try {
            answer = endpoint.token(form);
        } catch (TokenRefusedException e) {
            Status s = e.loginRequired() ? Status.LOGIN_REQUIRED : Status.REFRESH_FAILED;
            synchronized (lock) {
                if (view.tokens() == from) {     // a new login meanwhile is not undone by the old pair's refusal
                    view = view.with(s, e.getMessage());
                }
            }
            LOG.log(e.loginRequired() ? Level.SEVERE : Level.WARNING, "Token refresh refused: " + describe());
            return false;
        } catch (ProcessingException | WebApplicationException e) {
            fail("token endpoint not reachable or its answer unreadable: " + rootName(e));
            return false;
        }
        // Tesla has spent the old refresh token now: whatever this answer holds must be kept, so save first
        // and judge the answer after.
        Optional<Tokens> answered = Tokens.fromAnswer(answer == null ? jakarta.json.JsonValue.EMPTY_JSON_OBJECT : answer,
                from.refreshToken(), clock.instant());
        if (answered.isEmpty()) {
            fail("token endpoint answered without tokens");
            return false;
        }
        Tokens fresh = answered.get();
        synchronized (lock) {
            remember(from.refreshToken());
            writing = fresh.refreshToken();
        }
        String saveProblem = save(fresh);
        synchronized (lock) {
            writing = null;
            // by its refresh token, not by the object: the same pair read again (from the file, from the cluster) is no new login
            if (view.tokens() == null || !view.tokens().refreshToken().equals(from.refreshToken())) {
                LOG.info("A new login arrived while refreshing; the refreshed pair is not used.");
                return false;
            }
            view = new View(fresh, fresh.accessToken() == null ? Status.REFRESH_FAILED : Status.OK,
                    saveProblem != null ? saveProblem : fresh.accessToken() == null ? "token endpoint answered without an access_token" : "",
                    saveProblem != null, view.refreshing());
            if (saveProblem != null) {
                nextSaveAttempt = clock.instant().plus(SAVE_RETRY);
            }
        }
        if (saveProblem != null) {
            // The old refresh token is spent: keep the new pair in memory so polling goes on, and shout,
            // because a restart now would lose the login.
            LOG.severe("SAVING THE REFRESHED TOKENS FAILED; the login survives only until the exporter restarts"
                    + " (retrying every " + SAVE_RETRY.toSeconds() + " s). " + saveProblem);
        }
        if (fresh.accessToken() == null) {
            LOG.warning("Token refresh: the answer held a refresh token but no access token; refreshing again at the next poll.");
            return false;
        }
        LOG.info("Access token refreshed; valid until " + fresh.expiresAt() + ".");
        return true;
    }

    /** @return null when saved, else the problem */
    private String save(Tokens t) {
        try {
            file.write(t);
            synchronized (lock) {
                readAt = file.lastModified().orElse(null);
            }
            return null;
        } catch (TokenFileException e) {
            return e.getMessage();
        }
    }

    private void fail(String problem) {
        synchronized (lock) {
            view = view.with(Status.REFRESH_FAILED, problem);
        }
        LOG.warning("Token refresh failed: " + problem);
    }

    /** After a failed save: write the pair in use again, in the refresher thread, at most every {@link #SAVE_RETRY}. */
    private void retrySaveIfDue() {
        View v = view;
        Instant now = clock.instant();
        if (!v.saveFailed() || saveInFlight || now.isBefore(nextSaveAttempt)) {
            return;
        }
        saveInFlight = true;
        nextSaveAttempt = now.plus(SAVE_RETRY);
        Tokens pending = v.tokens();
        try {
            refresher.execute(() -> {
                String problem = save(pending);
                synchronized (lock) {
                    saveInFlight = false;
                    View current = view;
                    if (current.tokens() == pending) {
                        view = new View(pending, current.status(), problem == null ? "" : problem, problem != null,
                                current.refreshing());
                    }
                }
                if (problem == null) {
                    LOG.info("The tokens in use are saved to " + file.path() + " again; the login survives a restart.");
                }
            });
        } catch (RuntimeException rejected) {
            saveInFlight = false;
        }
    }

    /** Call with {@link #lock} held. Only a pair never seen before (a new login) replaces the one in memory. */
    private void reloadIfChanged() {
        Optional<FileTime> modified = file.lastModified();
        View v = view;
        if (modified.isEmpty()) {
            if (v.tokens() == null && v.status() != Status.NO_TOKEN) {
                view = v.with(Status.NO_TOKEN, "");
            }
            return;     // a file removed under us: keep using what we have in memory
        }
        if (modified.get().equals(readAt)) {
            return;
        }
        readAt = modified.get();
        try {
            Optional<Tokens> read = file.read();
            if (read.isEmpty()) {
                return;
            }
            Tokens onDisk = read.get();
            if (onDisk.refreshToken().equals(writing)) {
                return;     // the refresher's own save, about to be taken into use
            }
            if (known(v.tokens(), onDisk.refreshToken())) {
                if (!v.saveFailed() && !onDisk.refreshToken().equals(v.tokens().refreshToken())) {
                    LOG.warning("The token file " + file.path() + " holds an older pair than the one in use: it is rewritten.");
                    view = new View(v.tokens(), v.status(), "the token file held an older pair", true, v.refreshing());
                    nextSaveAttempt = Instant.MIN;
                }
                return;     // stale or our own: memory is newer or the same
            }
            boolean first = v.tokens() == null;
            if (v.tokens() != null) {
                remember(v.tokens().refreshToken());
            }
            view = new View(onDisk, Status.OK, "", false, v.refreshing());
            LOG.info(first ? "Token file " + file.path() + " loaded." : "Token file " + file.path()
                    + " changed on disk (a new login?): using the tokens in it.");
        } catch (TokenFileException e) {
            if (v.tokens() == null) {
                view = v.with(Status.TOKEN_FILE_BROKEN, e.getMessage());
                LOG.severe(e.getMessage());
            } else {
                // A broken file never replaces a working login: keep it, and write it back over the broken file.
                LOG.warning(e.getMessage() + " The pair in memory stays in use and is written back.");
                view = new View(v.tokens(), v.status(), "the token file became unreadable", true, v.refreshing());
                nextSaveAttempt = Instant.MIN;
            }
        }
    }

    private void remember(String refreshToken) {
        spent.add(LoginStates.sha256(refreshToken));
        while (spent.size() > SPENT_KEPT) {
            spent.remove(spent.iterator().next());
        }
    }

    private static String rootName(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root == e || root.getMessage() == null ? "" : " (" + root.getMessage() + ")");
    }
}
