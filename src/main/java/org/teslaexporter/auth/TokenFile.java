package org.teslaexporter.auth;

import org.teslaexporter.http.OneLine;
import org.teslaexporter.storage.OwnerOnly;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * The token file at {@code TOKEN_FILE_PATH}, in the earlier exporter's format:
 * <pre>{"access_token": "…", "refresh_token": "…", "expires_at": 1735689600.5, "token_type": "Bearer", "created_at": 1735660800.5}</pre>
 * Times are epoch seconds (fractions allowed). Writes are atomic and durable — temporary file in
 * the same folder, fsync, rename, fsync of the folder — with owner-only permissions, because a torn
 * or lost write would lose the single-use refresh token and with it the login.
 */
public class TokenFile {

    /** Looked up once: {@code Json.create…} searches for a provider on every call, which costs milliseconds. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** A token file is a few hundred bytes; anything far larger is not one. */
    static final int MAX_BYTES = 64 * 1024;

    private final Path path;

    public TokenFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /**
     * Marks a refresh as in flight ({@code <token file>.refreshing}, holding {@code flight}, the refresh's own
     * random name). Between Tesla's answer and the durable save the old refresh token is already spent; if
     * the process dies in that window the marker stays, so the next start can say why the login may be gone,
     * and a cluster member can tell its own unfinished refresh from another member's ({@link ClusterPair}).
     */
    public void markRefreshing(String flight) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            OwnerOnly.write(marker(), (flight + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // only a diagnostic aid
        }
    }

    public void clearRefreshing() {
        try {
            Files.deleteIfExists(marker());
        } catch (IOException e) {
            // only a diagnostic aid
        }
    }

    /** True if a previous run died while a refresh was in flight. */
    public boolean wasRefreshing() {
        return Files.exists(marker());
    }

    /** The name of the refresh a previous run died in ({@link #markRefreshing}), if it left one; empty if unreadable. */
    public Optional<String> refreshingFlight() {
        try {
            String text = OwnerOnly.read(marker(), 256).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Path marker() {
        return path.resolveSibling(path.getFileName() + ".refreshing");
    }

    /** Modification time of the token file, to notice a new login written by someone else; empty if there is none. */
    public Optional<FileTime> lastModified() {
        try {
            return Optional.of(Files.getLastModifiedTime(path));
        } catch (IOException noFile) {
            return Optional.empty();
        }
    }

    /**
     * At start-up only: a complete quick copy ({@code <token file>.new}) left by a process that died
     * before its durable replace, and newer than the file, becomes the file. A quick copy that does
     * not parse (torn, or empty because the disk was full) is worthless and removed. Never called
     * while running: then the pair in memory is the newest, and nothing on disk may replace it.
     */
    public void recover() {
        Path pending = pending();
        if (!Files.exists(pending, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Tokens newer = parse(OwnerOnly.read(pending, MAX_BYTES), "The token file " + pending);
            Optional<Tokens> current;
            try {
                current = read();
            } catch (TokenFileException broken) {
                current = Optional.empty();
            }
            if (current.isEmpty() || (!newer.refreshToken().equals(current.get().refreshToken())
                    && isNewer(newer, current.get()))) {
                write(newer);
                return;
            }
        } catch (IOException | RuntimeException tornOrStale) {
            // a torn quick copy (power cut or full disk during its write) is worthless: the file stays as it is
        }
        try {
            Files.deleteIfExists(pending);
        } catch (IOException ignored) {
            // tried again at the next start
        }
    }

    static boolean isNewer(Tokens candidate, Tokens current) {
        return current.createdAt() == null || (candidate.createdAt() != null && candidate.createdAt().isAfter(current.createdAt()));
    }

    /**
     * @return the tokens in the file, or empty if there is no file yet
     * @throws TokenFileException if the file exists but is unreadable or not a token file
     */
    public Optional<Tokens> read() {
        String text;
        try {
            text = OwnerOnly.read(path, MAX_BYTES);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // an I/O message names the file and the cause (link, size, permission), never its content
            throw new TokenFileException("Cannot read the token file " + path + ": " + e.getClass().getSimpleName()
                    + (e instanceof IOException && e.getMessage() != null ? " " + OneLine.of(e.getMessage(), 200) : "")
                    + ". Check that it is a plain file the exporter's user may read.", e);
        }
        return Optional.of(parse(text, "The token file " + path));
    }

    /** @param what names the text in a message ("The token file …"), never quoting it */
    static Tokens parse(String text, String what) {
        return parse(json(text, what), what);
    }

    /** {@code text} as a JSON object. @throws TokenFileException if it is not one (the message never quotes it) */
    static JsonObject json(String text, String what) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new TokenFileException(what + " is not valid JSON (" + text.length()
                    + " characters). Log in again to replace it.", e);
        }
    }

    static Tokens parse(JsonObject json, String what) {
        String access = string(json, "access_token");
        String refresh = string(json, "refresh_token");
        if (refresh == null) {
            throw new TokenFileException(what + " has no refresh_token. Log in again to replace it.", null);
        }
        return new Tokens(access, refresh, epochSeconds(json, "expires_at"), epochSeconds(json, "created_at"));
    }

    Path pending() {
        return path.resolveSibling(path.getFileName() + ".new");
    }

    /**
     * One write into the page cache, owner-only from creation: survives the process, not yet a power
     * cut. If it fails (disk full) the partial copy is removed, so it cannot be mistaken for a pair.
     */
    private void writeQuickly(byte[] bytes) throws IOException {
        try {
            OwnerOnly.write(pending(), bytes);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(pending());
            } catch (IOException ignored) {
                // recover() drops an unparseable quick copy at the next start
            }
            throw e;
        }
    }

    /**
     * Replaces the file atomically and durably with owner-only permissions. The new pair first goes
     * to {@code <token file>.new} with a single write (no fsync): from that moment a killed process
     * has not lost it — the next start adopts it — while the fsyncs that make it survive a power cut
     * (slow on an SD card) follow. Refresh tokens are single use, so every millisecond between
     * Tesla's answer and a copy on disk is a chance to lose the login.
     */
    public void write(Tokens tokens) {
        byte[] bytes = format(tokens).getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            writeQuickly(bytes);
            OwnerOnly.replace(path, bytes);
            Files.deleteIfExists(pending());
        } catch (IOException | RuntimeException e) {
            throw new TokenFileException("Cannot write the token file " + path + ": " + e.getClass().getSimpleName()
                    + " " + e.getMessage() + ". Check that its folder exists and is writable by the exporter's user.", e);
        }
    }

    static String format(Tokens tokens) {
        return builder(tokens).build().toString() + "\n";
    }

    /** The file's JSON object of {@code tokens}, for a value that adds to it ({@link ClusterPair}). */
    static jakarta.json.JsonObjectBuilder builder(Tokens tokens) {
        var json = JSON.createObjectBuilder()
                .add("access_token", tokens.accessToken() == null ? "" : tokens.accessToken())
                .add("refresh_token", tokens.refreshToken())
                .add("token_type", "Bearer");
        if (tokens.expiresAt() != null) {
            json.add("expires_at", seconds(tokens.expiresAt()));
        }
        json.add("created_at", seconds(tokens.createdAt() == null ? Instant.now() : tokens.createdAt()));
        return json;
    }

    static jakarta.json.JsonObjectBuilder objectBuilder() {
        return JSON.createObjectBuilder();
    }

    static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    static String string(JsonObject json, String key) {
        JsonValue v = json.get(key);
        return v instanceof JsonString s && !s.getString().isBlank() ? s.getString() : null;
    }

    static Instant epochSeconds(JsonObject json, String key) {
        if (json.get(key) instanceof JsonNumber n) {
            double seconds = n.doubleValue();
            if (Double.isFinite(seconds) && seconds > 0) {
                return Instant.ofEpochMilli((long) (seconds * 1000));
            }
        }
        return null;
    }
}
