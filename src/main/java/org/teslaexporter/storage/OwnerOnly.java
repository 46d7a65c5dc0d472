package org.teslaexporter.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may read (tokens, the private key, the set-up token): created with mode
 * 0600 from the first byte, so there is no moment in which another user could open them; an
 * existing file's mode is put right; symbolic links are refused, so a link planted in the data
 * folder cannot redirect a secret elsewhere or make us read another file.
 */
public final class OwnerOnly {

    private OwnerOnly() {
    }

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The attribute for {@code Files.createFile}/{@code createTempFile}, or none where POSIX modes do not exist. */
    public static FileAttribute<?>[] attributes() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode())} : new FileAttribute<?>[0];
    }

    public static Set<PosixFilePermission> mode() {
        return PosixFilePermissions.fromString("rw-------");
    }

    /**
     * Writes {@code bytes} to {@code file}, creating it owner-only if it does not exist yet and
     * setting an existing file back to owner-only.
     *
     * @throws IOException also when {@code file} is a symbolic link
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        refuseLink(file);
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try (SeekableByteChannel ch = Files.newByteChannel(file, withNoFollow(options), attributes())) {
            if (posix()) {
                Files.setPosixFilePermissions(file, mode());
            }
            writeFully(ch, bytes);
        }
    }

    /**
     * Replaces {@code file} atomically and durably by {@code bytes}, owner-only: a temporary file of a
     * random name in the same folder (created 0600, never through a link), fsync, an atomic rename
     * over the file, fsync of the folder. A crash or a full disk leaves either the old file or the
     * new one, never an empty or a partial one. A stray temporary file of a killed write is named
     * {@code .<name>-<random>.tmp}.
     *
     * @throws IOException also when {@code file} is a symbolic link
     */
    public static void replace(Path file, byte[] bytes) throws IOException {
        refuseLink(file);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp", attributes());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                writeFully(ch, bytes);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            if (posix()) {
                try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                    folder.force(true);
                }
            }
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void writeFully(WritableByteChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
    }

    /** The attribute for {@code Files.createDirectory}/{@code createTempDirectory}: a folder only its owner may enter. */
    public static FileAttribute<?>[] directoryAttributes() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }

    /**
     * Reads a small owner-only text file, at most {@code maxBytes}; puts a too-open mode right.
     *
     * @throws IOException also when the file is a symbolic link or longer than {@code maxBytes}
     */
    public static String read(Path file, int maxBytes) throws IOException {
        tighten(file);
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, withNoFollow(EnumSet.of(StandardOpenOption.READ))))) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException(file + " is larger than " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Refuses a symbolic link and sets an existing file's mode back to owner-only. */
    public static void tighten(Path file) throws IOException {
        refuseLink(file);
        if (posix() && Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(mode())) {
            Files.setPosixFilePermissions(file, mode());
        }
    }

    private static void refuseLink(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link: refusing to follow it (replace it by a plain file)");
        }
    }

    private static Set<java.nio.file.OpenOption> withNoFollow(Set<StandardOpenOption> options) {
        Set<java.nio.file.OpenOption> all = new java.util.HashSet<>(options);
        all.add(LinkOption.NOFOLLOW_LINKS);
        return all;
    }
}
