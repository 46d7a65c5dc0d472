package org.teslaexporter.auth;

import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

    private final Path path;

    public TokenFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /**
     * Marks a refresh as in flight ({@code <token file>.refreshing}). Between Tesla's answer and the
     * durable save the old refresh token is already spent; if the process dies in that window the
     * marker stays, so the next start can say why the login may be gone.
     */
    public void markRefreshing() {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(marker(), "refresh in flight\n", StandardCharsets.UTF_8);
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

    Path marker() {
        return path.resolveSibling(path.getFileName() + ".refreshing");
    }

    /** Modification time, to notice a new login written by someone else; empty if there is no file. */
    public Optional<FileTime> lastModified() {
        Optional<FileTime> main = modified(path);
        Optional<FileTime> quick = modified(pending());
        if (quick.isPresent() && (main.isEmpty() || quick.get().compareTo(main.get()) > 0)) {
            return quick;
        }
        return main;
    }

    private static Optional<FileTime> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (IOException noFile) {
            return Optional.empty();
        }
    }

    /**
     * @return the tokens, or empty if there is no file yet
     * @throws TokenFileException if the file exists but is unreadable or not a token file
     */
    public Optional<Tokens> read() {
        adoptPending();
        return readMain();
    }

    /** A pair written quickly by a process that died before the durable replace: make it the file. */
    private void adoptPending() {
        Path pending = pending();
        if (!Files.exists(pending)) {
            return;
        }
        try {
            Tokens newer = parse(Files.readString(pending, StandardCharsets.UTF_8));
            Optional<Tokens> current = Files.exists(path) ? Optional.of(parse(Files.readString(path, StandardCharsets.UTF_8)))
                    : Optional.empty();
            if (current.isEmpty() || !newer.refreshToken().equals(current.get().refreshToken())) {
                write(newer);
                return;
            }
        } catch (IOException | RuntimeException tornOrStale) {
            // a torn quick copy (power cut during its write) is worthless: the file stays as it is
        }
        try {
            Files.deleteIfExists(pending);
        } catch (IOException ignored) {
            // tried again at the next read
        }
    }

    private Optional<Tokens> readMain() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new TokenFileException("Cannot read the token file " + path + ": " + e.getClass().getSimpleName()
                    + ". Check that it is a file the exporter's user may read.", e);
        }
        return Optional.of(parse(text));
    }

    private Tokens parse(String text) {
        JsonObject json;
        try (var reader = JSON.createReader(new StringReader(text))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new TokenFileException("The token file " + path + " is not valid JSON (" + text.length()
                    + " characters). Log in again to replace it.", e);
        }
        String access = string(json, "access_token");
        String refresh = string(json, "refresh_token");
        if (refresh == null) {
            throw new TokenFileException("The token file " + path + " has no refresh_token. Log in again to replace it.", null);
        }
        return new Tokens(access, refresh, epochSeconds(json, "expires_at"), epochSeconds(json, "created_at"));
    }

    Path pending() {
        return path.resolveSibling(path.getFileName() + ".new");
    }

    /** One write into the page cache, owner-only from creation: survives the process, not yet a power cut. */
    private static void writeQuickly(Path file, byte[] bytes) throws IOException {
        OwnerOnly.write(file, bytes);
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
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            writeQuickly(pending(), bytes);
            tmp = Files.createTempFile(dir, ".token-", ".tmp", OwnerOnly.attributes());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            if (OwnerOnly.posix()) {
                Files.setPosixFilePermissions(path, OwnerOnly.mode());
                try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
                    dirChannel.force(true);
                }
            }
            Files.deleteIfExists(pending());
        } catch (IOException | RuntimeException e) {
            throw new TokenFileException("Cannot write the token file " + path + ": " + e.getClass().getSimpleName()
                    + " " + e.getMessage() + ". Check that its folder exists and is writable by the exporter's user.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file holds nothing the real file lacks
                }
            }
        }
    }

    static String format(Tokens tokens) {
        var json = JSON.createObjectBuilder()
                .add("access_token", tokens.accessToken() == null ? "" : tokens.accessToken())
                .add("refresh_token", tokens.refreshToken())
                .add("token_type", "Bearer");
        if (tokens.expiresAt() != null) {
            json.add("expires_at", seconds(tokens.expiresAt()));
        }
        json.add("created_at", seconds(tokens.createdAt() == null ? Instant.now() : tokens.createdAt()));
        return json.build().toString() + "\n";
    }

    private static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    private static String string(JsonObject json, String key) {
        JsonValue v = json.get(key);
        return v instanceof JsonString s && !s.getString().isBlank() ? s.getString() : null;
    }

    private static Instant epochSeconds(JsonObject json, String key) {
        if (json.get(key) instanceof JsonNumber n) {
            double seconds = n.doubleValue();
            if (Double.isFinite(seconds) && seconds > 0) {
                return Instant.ofEpochMilli((long) (seconds * 1000));
            }
        }
        return null;
    }
}
