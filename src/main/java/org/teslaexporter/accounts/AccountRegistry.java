package org.teslaexporter.accounts;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.auth.LoginStates;
import org.teslaexporter.auth.LoginTarget;
import org.teslaexporter.auth.TokenEndpointClient;
import org.teslaexporter.auth.TokenFile;
import org.teslaexporter.auth.TokenFileException;
import org.teslaexporter.auth.TokenSubject;
import org.teslaexporter.auth.Tokens;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.fleetapi.FleetApiGateway;
import org.teslaexporter.http.OneLine;
import org.teslaexporter.http.RestClients;
import org.teslaexporter.storage.OwnerOnly;

/**
 * The accounts the exporter serves, one folder each under {@code DATA_DIR/accounts}:
 * <pre>accounts/&lt;id&gt;/token.json           the login, in the earlier exporter's format (owner-only)
 *accounts/&lt;id&gt;/account.json         {"name": "…"}: the name the admin gave it
 *accounts/&lt;id&gt;/fleet-api-base-url   the region Tesla named in a 421, for this account alone</pre>
 * The id is Tesla's user id (the {@code sub} of the login's id token, or of the access token in a
 * token file), so logging in again with the same Tesla account finds the same account. The login of
 * {@code TOKEN_FILE_PATH} is the account {@code default}: moved into {@code accounts/default} at the
 * first start, and a new token put at the old path later is still taken up.
 * <p>
 * Readers ({@link #accounts()}, {@link #find}) read one immutable map in a volatile field and never
 * wait; changes (a login, a dropped file, a rename, a removal) are serialised and each tells the
 * poller and the metrics by an {@link AccountEvent}. A token file dropped into {@code accounts/}
 * (the earlier exporter's format) becomes the login of the account it names at the next
 * {@link #scan()} and is moved into that account's folder.
 */
@ApplicationScoped
public class AccountRegistry implements LoginTarget {

    /** The account of {@code TOKEN_FILE_PATH}, and of a login whose answer does not say who logged in. */
    public static final String DEFAULT = "default";
    /** A folder name that is safe everywhere; a Tesla user id (a UUID) is one. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String TOKEN = "token.json";
    static final String ABOUT = "account.json";
    static final String REGION = "fleet-api-base-url";
    /** The sha-256 of the last refresh token taken up from {@code TOKEN_FILE_PATH}: that file holds nothing new until it changes. */
    static final String LEGACY_TAKEN = ".token-file-path-taken";
    /** Longest name the admin may give. */
    public static final int MAX_NAME = 60;
    /** Dropped token files looked at per scan: a folder flooded with files cannot stall the poller. */
    static final int MAX_DROPS_PER_SCAN = 20;
    private static final int MAX_ABOUT_BYTES = 4096;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Logger LOG = Logger.getLogger(AccountRegistry.class.getName());

    @Inject
    ExporterConfig config;

    /** Every account's door to the Fleet API records its calls here. */
    @Inject
    FleetApiBill bill;

    @Inject
    Event<AccountEvent> events;

    /** In a cluster, every member serves every account: the directory of accounts and each one's tokens are shared. */
    @Inject
    Cluster cluster;

    /** In the cluster's directory of accounts, the mark of one removed (so a member back with its folder removes it too). */
    static final String REMOVED = "\u0000removed";

    private Settings settings;
    private Path root;
    private TokenEndpointClient endpoint;
    /** The Fleet API's REST clients, one per region for every account. */
    private java.util.function.Function<java.net.URI, org.teslaexporter.fleetapi.FleetApiClient> fleetClients;
    private Consumer<AccountEvent> listener = e -> { };
    /** In a cluster, the accounts without a login at the last scan: one that has one now got it from another member. */
    private final Set<String> loggedOut = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Every account, in the order they were added; replaced whole under {@link #lock}. */
    private volatile Map<String, Account> accounts = Map.of();
    /** Why dropped token files could not be taken up, for the set-up page; replaced whole. */
    private volatile List<String> dropProblems = List.of();
    private final Object lock = new Object();
    private FileTime legacySeen;
    private final Map<Path, FileTime> dropsReported = new LinkedHashMap<>();

    @PostConstruct
    void init() {
        Settings s = config.settings();
        listener = events::fire;
        init(s, RestClients.bounded(TokenEndpointClient.class, s.login().tokenBase(), s.http()), listener);
    }

    /** For tests: the settings, the token endpoint every account uses, and who hears the events. */
    void init(Settings s, TokenEndpointClient tokenEndpoint, Consumer<AccountEvent> hears) {
        settings = s;
        if (cluster == null) {
            cluster = Cluster.ALONE;
        }
        endpoint = tokenEndpoint;
        fleetClients = FleetApiGateway.sharedClients(s);
        listener = hears;
        root = s.files().dataDir().resolve("accounts");
        synchronized (lock) {
            if (s.server().demo()) {
                put(open(DEFAULT, "Demo"));
                return;
            }
            try {
                Files.createDirectories(root, OwnerOnly.directoryAttributes());
            } catch (IOException e) {
                LOG.severe("Cannot create the accounts folder " + root + " (" + OneLine.rootCause(e)
                        + "): logins cannot be saved until it can be written.");
            }
            migrateTokenFilePath();
            for (String id : folders()) {
                put(open(id, null));
            }
            if (accounts.isEmpty()) {
                put(open(DEFAULT, null));     // waits for a login, or for a token file at TOKEN_FILE_PATH, as before
            }
        }
        LOG.info(accounts.size() == 1 ? "Serving one Tesla account." : "Serving " + accounts.size() + " Tesla accounts.");
    }

    @PreDestroy
    void close() {
        accounts.values().forEach(a -> a.tokens().close());
    }

    /** Every account, in the order they were added. */
    public Collection<Account> accounts() {
        return accounts.values();
    }

    public Optional<Account> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(accounts.get(id));
    }

    /** Why token files dropped into {@code accounts/} could not be taken up (empty when all were). */
    public List<String> dropProblems() {
        return dropProblems;
    }

    /**
     * The Fleet API region of a login or a registration: the first account's (Tesla may have moved it
     * with a 421), else {@code TESLA_API_BASE}. A login of an account in another region is moved there
     * by its first 421.
     */
    public java.net.URI primaryRegion() {
        return accounts.values().stream().findFirst().map(a -> a.api().baseUri()).orElse(settings.fleet().apiBase());
    }

    /** The folder a token file may be dropped into. */
    public Path root() {
        return root;
    }

    /** The account id for Tesla's user id: itself when it is a safe folder name, else a digest of it. */
    static String idFor(String subject) {
        return ID.matcher(subject).matches() ? subject : "u-" + LoginStates.sha256(subject).substring(0, 32);
    }

    /**
     * A completed login: the account of {@code subject} (made if new, {@link #DEFAULT} when the answer
     * did not say who) takes {@code fresh}, saved in its folder before it is used.
     */
    @Override
    public String save(String subject, Tokens fresh) {
        String id = subject == null ? DEFAULT : idFor(subject);
        Account account = loginWith(id, fresh);
        return "The account \"" + account.name() + "\" (" + id + ") is logged in; its tokens are saved in "
                + account.tokens().path() + ".";
    }

    /**
     * A login from an invitation: the account of {@code subject} (else {@code fallbackId}), made if new
     * and then called {@code name} (when given).
     */
    Account loginAs(String subject, String fallbackId, Tokens fresh, String name) {
        String id = subject == null ? fallbackId : idFor(subject);
        boolean known = accounts.containsKey(id);
        Account account = loginWith(id, fresh);
        if (!known && name != null) {
            rename(id, name);
        }
        return account;
    }

    /** How many cars the account lists now (one Fleet API request), or -1 if that failed. */
    int carsOf(Account account) {
        try {
            return account.api().vehicles().size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Gives the admin's name to an account; empty when there is no such account. */
    public Optional<Account> rename(String id, String name) {
        String clean = cleanName(name);
        if (clean == null) {
            throw new IllegalArgumentException("A name is 1 to " + MAX_NAME + " characters, without control characters.");
        }
        Account account;
        synchronized (lock) {
            account = accounts.get(id);
            if (account == null) {
                return Optional.empty();
            }
            writeAbout(account.folder(), clean);
            account.name(clean);
        }
        cluster.map(DIRECTORY).put(id, clean);
        listener.accept(new AccountEvent.Renamed(id));
        return Optional.of(account);
    }

    /**
     * Removes an account: its polling stops, its folder (tokens, name, region) is deleted and its cars'
     * series leave /metrics. What it spent this month stays on the app's bill.
     *
     * @return false when there was no such account
     */
    public boolean remove(String id) {
        cluster.map(DIRECTORY).put(id, REMOVED);
        return removeHere(id);
    }

    /** Removes the account on this member alone (in a cluster: the others remove it when they see the mark). */
    private boolean removeHere(String id) {
        Account gone;
        synchronized (lock) {
            gone = accounts.get(id);
            if (gone == null) {
                return false;
            }
            Map<String, Account> left = new LinkedHashMap<>(accounts);
            left.remove(id);
            loggedOut.remove(id);
            accounts = java.util.Collections.unmodifiableMap(left);
            gone.tokens().close();
            deleteFolder(gone.folder());
        }
        LOG.info("Removed the account " + id + ": its polling stops, its tokens are deleted.");
        listener.accept(new AccountEvent.Removed(id));
        return true;
    }

    /**
     * Looks for new logins on disk (the poller calls it every few seconds; a few small file reads): a
     * token file dropped into {@code accounts/}, and a new token put at {@code TOKEN_FILE_PATH}.
     */
    public void scan() {
        if (settings.server().demo()) {
            return;
        }
        try {
            takeUpTokenFilePath();
            takeUpDrops();
            if (cluster.clustered()) {
                follow();
            }
        } catch (RuntimeException unexpected) {
            LOG.log(Level.WARNING, "Looking for new token files failed; trying again at the next scan", unexpected);
        }
    }

    /** The cluster's directory of accounts: id to name, or {@link #REMOVED}. */
    static final String DIRECTORY = "accounts";

    /**
     * A cluster member follows the directory of accounts: an account added, renamed or removed on another
     * member is added (its tokens then come from the cluster), renamed or removed here; one the directory
     * does not know (the whole cluster restarted) is given to it. Then every account's pair is compared with
     * the cluster's. A few small map reads each scan; nothing while this member is cut off.
     */
    private void follow() {
        if (!cluster.quorate()) {
            return;
        }
        SharedMap directory = cluster.map(DIRECTORY);
        Map<String, String> known = directory.all();
        for (Account account : accounts.values()) {
            String there = known.get(account.id());
            if (there == null && Files.exists(account.folder().resolve(TOKEN))) {
                directory.put(account.id(), account.name());
            } else if (REMOVED.equals(there)) {
                LOG.info("The account " + account.id() + " was removed on another member of the cluster.");
                removeHere(account.id());
            } else if (there != null && !there.equals(account.name())) {
                renameHere(account, there);
            }
        }
        known.forEach((id, name) -> {
            if (!REMOVED.equals(name) && ID.matcher(id).matches() && !accounts.containsKey(id)) {
                addFromCluster(id, name);
            }
        });
        for (Account a : accounts.values()) {
            if (!a.tokens().status().loggedIn()) {
                loggedOut.add(a.id());
            } else if (loggedOut.remove(a.id())) {
                // a login that came from the cluster since the last scan: its cars are listed now, not at the next retry
                listener.accept(new AccountEvent.LoggedIn(a.id()));
            }
            a.tokens().sync();
        }
    }

    private void renameHere(Account account, String name) {
        String clean = cleanName(name);
        if (clean != null) {
            synchronized (lock) {
                writeAbout(account.folder(), clean);
                account.name(clean);
            }
            listener.accept(new AccountEvent.Renamed(account.id()));
        }
    }

    /**
     * The placeholder {@code default} of a new install, which the first real account {@code added} replaces;
     * null if there is none (or {@code added} is it). Call with {@link #lock} held.
     */
    private Account emptyPlaceholder(String added) {
        Account def = accounts.get(DEFAULT);
        return !added.equals(DEFAULT) && def != null && !Files.exists(def.folder().resolve(TOKEN)) ? def : null;
    }

    /** An account added on another member: its folder here, its tokens from the cluster at the sync that follows. */
    private void addFromCluster(String id, String name) {
        Account added;
        Account emptyDefault = null;
        synchronized (lock) {
            added = open(id, cleanName(name));
            try {
                Files.createDirectories(added.folder(), OwnerOnly.directoryAttributes());
            } catch (IOException e) {
                added.tokens().close();
                LOG.warning("Cannot make the folder of the account " + id + " (added on another member): " + OneLine.rootCause(e));
                return;
            }
            writeAbout(added.folder(), added.name());
            put(added);
            emptyDefault = emptyPlaceholder(id);
        }
        LOG.info("Added the Tesla account " + id + " (added on another member of the cluster).");
        listener.accept(new AccountEvent.Added(id));
        if (emptyDefault != null) {
            removeHere(DEFAULT);
        }
    }

    // --- the account folders ---

    private List<String> folders() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && ID.matcher(name).matches()) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            LOG.warning("Cannot list the accounts folder " + root + ": " + OneLine.rootCause(e));
        }
        // the order they were added: the folder's age (the default account first at equal times)
        ids.sort(Comparator.comparing((String id) -> created(root.resolve(id))).thenComparing(id -> !id.equals(DEFAULT)));
        return ids;
    }

    private static FileTime created(Path dir) {
        try {
            return Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).creationTime();
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** An account's objects over its folder (not made on disk until its first login). Call with {@link #lock} held. */
    private Account open(String id, String name) {
        Path folder = root.resolve(id);
        String given = name != null ? name : readAbout(folder).orElse(id.equals(DEFAULT) ? DEFAULT : "account " + id.substring(0,
                Math.min(8, id.length())));
        AccessTokens tokens = AccessTokens.of(settings, folder.resolve(TOKEN), endpoint, id, cluster.guarded(id).orElse(null));
        if (id.equals(DEFAULT) && !settings.server().demo() && !legacyIsOwn()) {
            tokens.waitsFor(settings.files().tokenFile());     // as before accounts: a token put at TOKEN_FILE_PATH is taken up
        }
        return new Account(id, given, tokens, new FleetApiGateway(settings, tokens, bill, id, folder.resolve(REGION), fleetClients),
                folder);
    }

    private void put(Account account) {
        Map<String, Account> more = new LinkedHashMap<>(accounts);
        more.put(account.id(), account);
        accounts = java.util.Collections.unmodifiableMap(more);
    }

    /** The login of account {@code id} (made if new), saved first; tells who needs to know. */
    private Account loginWith(String id, Tokens fresh) {
        boolean added;
        Account account;
        Account emptyDefault = null;
        synchronized (lock) {
            account = accounts.get(id);
            added = account == null;
            if (added) {
                account = open(id, null);
            }
            try {
                Files.createDirectories(account.folder(), OwnerOnly.directoryAttributes());
                account.tokens().loginWith(fresh);
            } catch (IOException | TokenFileException e) {
                if (added) {
                    account.tokens().close();     // never in the map: its refresher thread goes with it
                }
                throw e instanceof TokenFileException saving ? saving
                        : new TokenFileException("Cannot make the account's folder " + account.folder() + ": " + OneLine.rootCause(e), e);
            }
            if (added) {
                if (readAbout(account.folder()).isEmpty()) {
                    writeAbout(account.folder(), account.name());
                }
                put(account);
                cluster.map(DIRECTORY).put(id, account.name());
                emptyDefault = emptyPlaceholder(id);
            }
        }
        LOG.info((added ? "Added the Tesla account " : "New login of the Tesla account ") + id + ".");
        loggedOut.remove(id);       // told here, not again at the next scan
        listener.accept(added ? new AccountEvent.Added(id) : new AccountEvent.LoggedIn(id));
        if (emptyDefault != null) {
            removeHere(DEFAULT);
        }
        return account;
    }

    private static Optional<String> readAbout(Path folder) {
        try (var reader = JSON.createReader(new StringReader(OwnerOnly.read(folder.resolve(ABOUT), MAX_ABOUT_BYTES)))) {
            JsonObject about = reader.readObject();
            return about.get("name") instanceof JsonString s ? Optional.ofNullable(cleanName(s.getString())) : Optional.empty();
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException | JsonException | IllegalStateException | ClassCastException e) {
            LOG.warning("Ignoring unreadable " + folder.resolve(ABOUT) + " (" + e.getClass().getSimpleName()
                    + "): the account is shown by its id until it is named again.");
            return Optional.empty();
        }
    }

    private static void writeAbout(Path folder, String name) {
        try {
            Files.createDirectories(folder, OwnerOnly.directoryAttributes());
            OwnerOnly.replace(folder.resolve(ABOUT), (JSON.createObjectBuilder().add("name", name).build() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot save the account's name in " + folder.resolve(ABOUT) + ": "
                    + OneLine.rootCause(e), e);
        }
    }

    /** The name as kept: trimmed, 1 to {@link #MAX_NAME} characters, no control characters; null if it is not one. */
    static String cleanName(String name) {
        if (name == null) {
            return null;
        }
        String clean = name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME || clean.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return clean;
    }

    private static void deleteFolder(Path folder) {
        try (var files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (NoSuchFileException none) {
            // never logged in: nothing on disk
        } catch (IOException e) {
            LOG.warning("Cannot delete all of " + folder + " (" + OneLine.rootCause(e) + "): delete it by hand,"
                    + " or the account comes back at the next start.");
        }
    }

    // --- TOKEN_FILE_PATH, the login of one-account set-ups ---

    private Path legacyFile() {
        return settings.files().tokenFile().toAbsolutePath().normalize();
    }

    private boolean legacyIsOwn() {
        return legacyFile().startsWith(root.toAbsolutePath().normalize());
    }

    /**
     * At the first start with accounts: the login of {@code TOKEN_FILE_PATH} (with a quick copy a killed
     * refresh left, and a region Tesla named) becomes the account {@code default}. The old file is
     * left where it is (it may be a file mounted into the container) and remembered as taken up.
     */
    private void migrateTokenFilePath() {
        Path target = root.resolve(DEFAULT).resolve(TOKEN);
        Path legacy = legacyFile();
        if (legacyIsOwn() || Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                || !Files.exists(legacy, LinkOption.NOFOLLOW_LINKS) && !Files.exists(pendingOf(legacy), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        TokenFile old = new TokenFile(legacy);
        try {
            old.recover();
            Optional<Tokens> tokens = old.read();
            if (tokens.isEmpty()) {
                return;
            }
            Files.createDirectories(target.getParent(), OwnerOnly.directoryAttributes());
            TokenFile moved = new TokenFile(target);
            if (old.wasRefreshing()) {
                moved.markRefreshing(old.refreshingFlight().orElse("moved"));      // the warning at start belongs to the account now
            }
            moved.write(tokens.get());
            old.clearRefreshing();
            rememberTaken(tokens.get());
            Path region = settings.files().dataDir().resolve(REGION);
            if (Files.isRegularFile(region, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(region, target.resolveSibling(REGION));
            }
            writeAbout(target.getParent(), DEFAULT);
            legacySeen = old.lastModified().orElse(null);
            LOG.info("The login of TOKEN_FILE_PATH=" + legacy + " is now the account \"default\", kept in " + target
                    + ". The old file is left as it is; a new token put there is still taken up.");
        } catch (TokenFileException | IOException e) {
            LOG.severe("Cannot move the login of TOKEN_FILE_PATH=" + legacy + " into " + target + ": "
                    + (e instanceof TokenFileException ? e.getMessage() : OneLine.rootCause(e))
                    + " The file is left as it is; the next start tries again.");
        }
    }

    private static Path pendingOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".new");
    }

    /** A token at {@code TOKEN_FILE_PATH} that was never taken up (a new login put there by hand) becomes the default account's. */
    private void takeUpTokenFilePath() {
        if (legacyIsOwn()) {
            return;
        }
        TokenFile legacy = new TokenFile(legacyFile());
        Optional<FileTime> modified = legacy.lastModified();
        if (modified.isEmpty() || modified.get().equals(legacySeen)) {
            return;
        }
        Tokens tokens;
        try {
            Optional<Tokens> read = legacy.read();
            legacySeen = modified.get();
            if (read.isEmpty()) {
                return;
            }
            tokens = read.get();
        } catch (TokenFileException broken) {
            legacySeen = modified.get();
            LOG.warning(broken.getMessage());
            return;
        }
        String hash = LoginStates.sha256(tokens.refreshToken());
        if (hash.equals(taken().orElse(null)) || find(DEFAULT).map(a -> a.tokens().knows(tokens.refreshToken())).orElse(false)) {
            return;
        }
        loginWith(DEFAULT, tokens);
        rememberTaken(tokens);
        LOG.info("A new token at TOKEN_FILE_PATH=" + legacyFile() + ": it is now the login of the account \"default\".");
    }

    private Optional<String> taken() {
        try {
            return Optional.of(OwnerOnly.read(root.resolve(LEGACY_TAKEN), 200).strip());
        } catch (IOException none) {
            return Optional.empty();
        }
    }

    private void rememberTaken(Tokens tokens) {
        try {
            OwnerOnly.replace(root.resolve(LEGACY_TAKEN), (LoginStates.sha256(tokens.refreshToken()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warning("Cannot note that the token of TOKEN_FILE_PATH was taken up (" + OneLine.rootCause(e)
                    + "): it is taken up again at the next start, which is harmless while it is unchanged.");
        }
    }

    // --- token files dropped into accounts/ ---

    private void takeUpDrops() {
        List<Path> drops = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root, "*.json")) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    drops.add(f);
                    if (drops.size() >= MAX_DROPS_PER_SCAN) {
                        break;
                    }
                }
            }
        } catch (NoSuchFileException none) {
            return;
        } catch (IOException e) {
            LOG.fine(() -> "Cannot list " + root + ": " + e);
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Path drop : drops) {
            String problem = takeUp(drop);
            if (problem != null) {
                problems.add(problem);
                FileTime at = lastModified(drop);
                if (!at.equals(dropsReported.put(drop, at))) {
                    LOG.warning(problem);
                }
            }
        }
        dropsReported.keySet().retainAll(drops);
        dropProblems = List.copyOf(problems);
    }

    /** @return null when taken up (or stale, and removed), else why not */
    private String takeUp(Path drop) {
        Tokens tokens;
        try {
            Optional<Tokens> read = new TokenFile(drop).read();
            if (read.isEmpty()) {
                return null;     // gone meanwhile
            }
            tokens = read.get();
        } catch (TokenFileException broken) {
            return broken.getMessage();
        }
        Optional<String> subject = TokenSubject.of(tokens.accessToken());
        if (subject.isEmpty()) {
            return "The token file " + drop + " does not say whose login it is (its access token names no Tesla user):"
                    + " log in on the set-up page instead, or put it at TOKEN_FILE_PATH for the account \"default\".";
        }
        String id = idFor(subject.get());
        boolean stale = find(id).map(a -> a.tokens().knows(tokens.refreshToken())).orElse(false);
        if (!stale) {
            try {
                loginWith(id, tokens);
            } catch (TokenFileException e) {
                return "The token file " + drop + " could not be taken up: " + e.getMessage();
            }
            LOG.info("The token file " + drop.getFileName() + " is now the login of the account " + id + ".");
        }
        try {
            Files.deleteIfExists(drop);
        } catch (IOException e) {
            return "The token file " + drop + " was taken up but cannot be removed (" + OneLine.rootCause(e) + "): remove it.";
        }
        return null;
    }

    private static FileTime lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
