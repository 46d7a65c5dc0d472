package org.teslaexporter.auth;

import org.teslaexporter.storage.OwnerOnly;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;

/**
 * Who may use the set-up page: whoever knows {@code ADMIN_PASSWORD}; without it, a random set-up
 * token generated at first start into {@code setup-token} in the data directory (owner-only); the log
 * says where it is, never what it is, so only someone with the server's files can sign in. The file is
 * written through a temporary file, fsync and rename; an empty or short one is no token and is
 * replaced by a new one. In a cluster each member keeps its own set-up token and every member accepts
 * any member's: the digests are shared ({@code setup-tokens}), never the tokens.
 */
@ApplicationScoped
public class AdminAccess {

    static final String TOKEN_FILE = "setup-token";
    /** A generated token has 32 characters; a shorter file (torn, or typed in by hand) is replaced. */
    static final int MIN_TOKEN_LENGTH = 16;
    private static final Logger LOG = Logger.getLogger(AdminAccess.class.getName());

    @Inject
    ExporterConfig config;

    @Inject
    Cluster cluster;

    private byte[] secret;
    private boolean fromPassword;
    /** In a cluster, the digests of the members' set-up tokens; {@link SharedMap#NONE} alone or with a password. */
    private SharedMap memberTokens = SharedMap.NONE;

    @PostConstruct
    void init() {
        init(config.settings());
        if (!fromPassword && secret != null && cluster.clustered()) {
            memberTokens = cluster.map("setup-tokens");
            memberTokens.put(LoginStates.sha256(new String(secret, StandardCharsets.UTF_8)), "a member's set-up token");
        }
    }

    void init(Settings s) {
        if (s.server().adminPassword().isSet()) {
            secret = s.server().adminPassword().reveal().getBytes(StandardCharsets.UTF_8);
            fromPassword = true;
            return;
        }
        Path file = s.files().dataDir().resolve(TOKEN_FILE);
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                String saved = OwnerOnly.read(file, 1024).strip();
                if (saved.length() >= MIN_TOKEN_LENGTH) {
                    secret = saved.getBytes(StandardCharsets.UTF_8);
                    LOG.info("Set-up page: http://localhost:" + s.server().port() + "/setup — sign in with the set-up token"
                            + " in " + file + " (or set ADMIN_PASSWORD).");
                    return;
                }
                // an empty or short file (a full disk or a power cut at first start) is no token: never accept it
                LOG.warning("The set-up token in " + file + " is " + (saved.isEmpty() ? "empty" : "too short (under "
                        + MIN_TOKEN_LENGTH + " characters)") + ": a new one is generated in its place.");
            }
            String token = newToken();
            OwnerOnly.replace(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
            secret = token.getBytes(StandardCharsets.UTF_8);
            // The token itself is never logged (logs are shipped and shared): only where to read it.
            LOG.warning("FIRST START: open http://localhost:" + s.server().port() + "/setup and sign in with the set-up"
                    + " token in " + file + " (read it with: cat " + file + "; in the Compose stack: docker compose exec tesla-exporter"
                    + " cat " + file + "). Or set ADMIN_PASSWORD to use a password of your own instead.");
        } catch (IOException e) {
            secret = null;
            LOG.severe("Cannot create the set-up token in " + file + " (" + e.getMessage()
                    + "): set ADMIN_PASSWORD to use the set-up page.");
        }
    }

    /** 128 random bits as 32 hex digits: a set-up token, or the id of a device mark. */
    static String newToken() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Made at start-up, not at the first visit, so the log says at once where the set-up token is. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event creates the bean; @PostConstruct does the work
    }

    /** Constant-time check of a password or set-up token; an empty candidate is always refused. */
    public boolean accepts(String candidate) {
        if (secret == null || secret.length == 0 || candidate == null || candidate.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(secret, candidate.strip().getBytes(StandardCharsets.UTF_8))
                || candidate.length() <= 1024 && memberTokens.get(LoginStates.sha256(candidate.strip())).isPresent();
    }

    /**
     * A mark for a browser that just signed in ({@code <random id>.<HMAC of it>}, keyed by the password
     * or set-up token): with it, that browser is let past the sign-in's global limit later. Nothing is
     * stored: it holds across restarts, and a new password makes every mark worthless.
     */
    public String newDeviceMark() {
        String id = newToken();
        return id + "." + HexFormat.of().formatHex(deviceMac(id));
    }

    /** Whether {@code mark} is one {@link #newDeviceMark()} gave out under the current password. */
    public boolean knowsDevice(String mark) {
        if (secret == null || secret.length == 0 || mark == null || mark.length() != 32 + 1 + 64 || mark.charAt(32) != '.') {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(mark.substring(33));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(deviceMac(mark.substring(0, 32)), given);
    }

    private byte[] deviceMac(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(secret), "HmacSHA256"));
            return mac.doFinal(("tesla-exporter device " + id).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** "password" or "set-up token", for the sign-in form. */
    public String credentialName() {
        return fromPassword ? "password (ADMIN_PASSWORD)" : "set-up token (in the file " + TOKEN_FILE
                + " in the data directory" + (memberTokens == SharedMap.NONE ? "" : " of any member")
                + "; the log of the first start says where)";
    }
}
