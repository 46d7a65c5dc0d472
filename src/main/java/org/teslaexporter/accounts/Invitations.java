package org.teslaexporter.accounts;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.teslaexporter.auth.LoginStates;
import org.teslaexporter.auth.LoginTarget;
import org.teslaexporter.auth.Tokens;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.http.OneLine;
import org.teslaexporter.storage.OwnerOnly;

/**
 * Invitation links the admin makes for drivers: single use, valid for a chosen time, shown once. A
 * driver who opens one logs in with their own Tesla account and becomes an account of this exporter;
 * they never see the set-up page or another account. Only a digest of each link's secret is kept
 * ({@code accounts/.invitations.json}, owner-only), so the file does not hold usable links; the
 * links survive a restart. A login started from a link is bound to it by the login's state, and the
 * link is used up when that login is saved — not before, so a driver who gives up at Tesla's page can
 * open the link again. In a cluster the invitations are the members' (the shared map
 * {@code invitations}, each member's file a copy of what it knows, pushed back at its start), a login
 * from a link may come back to any member, and a link is used up once cluster-wide (compare and set).
 */
@ApplicationScoped
public class Invitations {

    /** How an invitation link stands. */
    public enum Check { VALID, USED, EXPIRED, UNKNOWN }

    /**
     * One invitation as the admin's page lists it.
     *
     * @param name    the name the new account gets (may be empty: then its id)
     * @param account the account made with it, once used
     */
    public record Invitation(String digest, String name, Instant createdAt, Instant expiresAt, Instant usedAt, String account) {
        boolean usable(Instant now) {
            return usedAt == null && now.isBefore(expiresAt);
        }
    }

    /** Longest time an invitation may be valid. */
    public static final Duration MAX_VALID = Duration.ofDays(30);
    /** Invitations kept (used and expired ones are dropped first). */
    static final int MAX_KEPT = 200;
    /** Logins started from links and not completed yet, at most (each lives as long as a login may take). */
    static final int MAX_PENDING = 1000;
    static final String FILE = ".invitations.json";
    private static final int MAX_FILE_BYTES = 256 * 1024;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Logger LOG = Logger.getLogger(Invitations.class.getName());

    @Inject
    ExporterConfig config;

    @Inject
    AccountRegistry accounts;

    @Inject
    Cluster cluster;

    private final SecureRandom random = new SecureRandom();
    private Clock clock = Clock.systemUTC();
    private Path file;
    private Duration loginTimeout;
    /** By digest of the link's secret, oldest first; guarded by this object. */
    private final Map<String, Invitation> invitations = new LinkedHashMap<>();
    /** Login state → digest of the link it was started from, for as long as a login may take. */
    private SharedMap pending;
    /** In a cluster, every member's invitations by digest, each as {@link #json}; {@link SharedMap#NONE} alone. */
    private SharedMap shared = SharedMap.NONE;

    @PostConstruct
    void init() {
        init(config.settings().files().dataDir().resolve("accounts").resolve(FILE), config.settings().login().timeout(),
                Clock.systemUTC());
    }

    /** For tests: the file, how long a login may take, and the clock. */
    synchronized void init(Path invitationsFile, Duration loginTimeout, Clock clock) {
        this.file = invitationsFile;
        this.loginTimeout = loginTimeout;
        this.clock = clock;
        Cluster c = cluster == null ? Cluster.ALONE : cluster;
        this.pending = c.kept("invitation-logins", MAX_PENDING, clock);
        this.shared = c.map("invitations");
        load();
        // a whole cluster's restart: what this member's file knows goes back to the members
        for (Invitation i : List.copyOf(invitations.values())) {
            if (!shared.replace(i.digest(), null, json(i).toString())) {
                latest(i.digest());
            }
        }
    }

    /**
     * Makes an invitation valid for {@code validFor}; the new account will be called {@code name}.
     *
     * @return the link's secret: shown once, never kept
     * @throws IllegalArgumentException for a validity outside 5 minutes to {@link #MAX_VALID} or a bad name
     */
    public synchronized String create(String name, Duration validFor) {
        if (validFor.compareTo(Duration.ofMinutes(5)) < 0 || validFor.compareTo(MAX_VALID) > 0) {
            throw new IllegalArgumentException("An invitation is valid for 5 minutes to 30 days.");
        }
        String clean = name == null || name.isBlank() ? "" : AccountRegistry.cleanName(name);
        if (clean == null) {
            throw new IllegalArgumentException("A name is 1 to " + AccountRegistry.MAX_NAME + " characters, without control characters.");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        prune(now);
        Invitation made = new Invitation(LoginStates.sha256(token), clean, now, now.plus(validFor), null, null);
        invitations.put(made.digest(), made);
        shared.put(made.digest(), json(made).toString());
        save();
        LOG.info("Made an invitation link" + (clean.isEmpty() ? "" : " for \"" + clean + "\"") + ", valid until " + now.plus(validFor) + ".");
        return token;
    }

    /** Every invitation kept, newest first, for the admin's page. */
    public synchronized List<Invitation> list() {
        shared.all().keySet().forEach(this::latest);
        List<Invitation> all = new ArrayList<>(invitations.values());
        java.util.Collections.reverse(all);
        return all;
    }

    /** The invitation of the link with secret {@code token}, used or not; empty for a forged or garbled one. */
    public synchronized Optional<Invitation> find(String token) {
        return Optional.ofNullable(token == null || token.length() > 100 ? null : latest(LoginStates.sha256(token)));
    }

    /**
     * The invitation {@code digest} as this member and the others know it (in a cluster): a used one wins over
     * an unused one, so a link used on any member is used everywhere. Kept here as it is found.
     */
    private Invitation latest(String digest) {
        Invitation mine = invitations.get(digest);
        Invitation theirs = shared.get(digest).map(Invitations::parse).orElse(null);
        Invitation known = mine == null ? theirs : theirs == null || mine.usedAt() != null || theirs.usedAt() == null ? mine : theirs;
        if (known != null && known != mine) {
            invitations.put(digest, known);
        } else if (mine != null && theirs != null && mine.usedAt() != null && theirs.usedAt() == null) {
            shared.replace(digest, json(theirs).toString(), json(mine).toString());
        }
        return known;
    }

    private static Invitation parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return invitation(reader.readObject());
        } catch (RuntimeException garbled) {
            return null;
        }
    }

    /** How the link with secret {@code token} stands; a forged or garbled one is {@link Check#UNKNOWN}. */
    public synchronized Check check(String token) {
        Invitation i = find(token).orElse(null);
        if (i == null) {
            return Check.UNKNOWN;
        }
        return i.usedAt() != null ? Check.USED : clock.instant().isBefore(i.expiresAt()) ? Check.VALID : Check.EXPIRED;
    }

    /** A login started from a valid link: its Tesla redirect (bearing {@code state}) completes the invitation. */
    public synchronized boolean bind(String state, String token) {
        if (check(token) != Check.VALID) {
            return false;
        }
        return pending.put(state, LoginStates.sha256(token), loginTimeout.multipliedBy(2));
    }

    /**
     * The target of a login bearing {@code state}, if it was started from an invitation: it saves the
     * login as a new account and uses the invitation up; empty for the admin's own logins. A login from an
     * invitation shows nothing of the admin's pages.
     */
    public synchronized Optional<LoginTarget> target(String state) {
        String digest = state == null || state.length() > 100 ? null : pending.get(state).orElse(null);
        if (digest == null) {
            return Optional.empty();
        }
        return Optional.of((subject, fresh) -> complete(state, digest, subject, fresh));
    }

    private String complete(String state, String digest, String subject, Tokens fresh) {
        Account account;
        synchronized (this) {
            pending.remove(state);
            Invitation i = latest(digest);
            if (i == null || !i.usable(clock.instant())) {
                throw new LoginTarget.Refused(i == null || i.usedAt() == null
                        ? "this invitation has expired. Ask for a new link." : "this invitation was used already. Ask for a new link.");
            }
            // in a cluster the link is claimed first, in one step, so two logins from it on two members make one account
            Invitation claimed = new Invitation(digest, i.name(), i.createdAt(), i.expiresAt(), clock.instant(), "");
            String theirs = shared.get(digest).orElse(null);
            Invitation their = theirs == null ? null : parse(theirs);
            if (shared != SharedMap.NONE && (their != null && their.usedAt() != null
                    || !shared.replace(digest, theirs, json(claimed).toString()))) {
                latest(digest);
                throw new LoginTarget.Refused("this invitation was used already. Ask for a new link.");
            }
            // saved first: if the tokens cannot be written, the invitation stays usable; a login that names
            // nobody gets an account of its own, never the admin's "default"
            try {
                account = accounts.loginAs(subject, "invited-" + digest.replaceAll("[^A-Za-z0-9]", "").substring(0, 12), fresh,
                        i.name().isEmpty() ? null : i.name());
            } catch (RuntimeException notSaved) {
                shared.replace(digest, json(claimed).toString(), json(i).toString());
                throw notSaved;
            }
            Invitation used = new Invitation(digest, i.name(), i.createdAt(), i.expiresAt(), claimed.usedAt(), account.id());
            invitations.put(digest, used);
            shared.put(digest, json(used).toString());
            save();
        }
        LOG.info("An invitation was used: the Tesla account " + account.id() + " is added.");
        int cars = accounts.carsOf(account);
        return cars < 0 ? "Your Tesla account is connected; its cars appear within a minute."
                : "Your Tesla account is connected: " + cars + (cars == 1 ? " car is" : " cars are") + " monitored now.";
    }

    // --- the file ---

    private void prune(Instant now) {
        List<String> gone = new ArrayList<>();
        invitations.values().stream().filter(i -> !i.usable(now) && i.createdAt().plus(MAX_VALID).isBefore(now))
                .forEach(i -> gone.add(i.digest()));
        gone.forEach(this::drop);
        while (invitations.size() >= MAX_KEPT) {
            drop(invitations.values().stream().filter(i -> !i.usable(now)).map(Invitation::digest).findFirst()
                    .orElse(invitations.keySet().iterator().next()));
        }
    }

    private void drop(String digest) {
        invitations.remove(digest);
        shared.remove(digest);
    }

    private void load() {
        invitations.clear();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var reader = JSON.createReader(new StringReader(OwnerOnly.read(file, MAX_FILE_BYTES)))) {
            for (JsonValue v : reader.readArray()) {
                Invitation i = invitation(v.asJsonObject());
                invitations.put(i.digest(), i);
            }
        } catch (IOException | RuntimeException e) {
            invitations.clear();
            LOG.warning("Ignoring unreadable " + file + " (" + e.getClass().getSimpleName() + "): earlier invitation links"
                    + " no longer work; make new ones on the set-up page.");
        }
    }

    private static Invitation invitation(JsonObject o) {
        return new Invitation(o.getString("digest"), o.getString("name", ""), instant(o, "created"), instant(o, "expires"),
                instant(o, "used"), o.get("account") instanceof JsonString s ? s.getString() : null);
    }

    /** One invitation as the file and the members' map keep it (the same fields always in the same order). */
    private static JsonObject json(Invitation i) {
        var o = JSON.createObjectBuilder().add("digest", i.digest()).add("name", i.name())
                .add("created", i.createdAt().toEpochMilli()).add("expires", i.expiresAt().toEpochMilli());
        if (i.usedAt() != null) {
            o.add("used", i.usedAt().toEpochMilli()).add("account", i.account());
        }
        return o.build();
    }

    private static Instant instant(JsonObject o, String key) {
        return o.get(key) instanceof JsonNumber n ? Instant.ofEpochMilli(n.longValue()) : null;
    }

    private void save() {
        JsonArrayBuilder all = JSON.createArrayBuilder();
        for (Invitation i : invitations.values()) {
            all.add(json(i));
        }
        try {
            Files.createDirectories(file.getParent(), OwnerOnly.directoryAttributes());
            OwnerOnly.replace(file, (all.build() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warning("Cannot save the invitations in " + file + " (" + OneLine.rootCause(e)
                    + "): they work until the exporter restarts.");
        }
    }
}
