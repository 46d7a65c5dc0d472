package org.teslaexporter.auth;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read (tokens, the private key, the set-up token): created with mode
 * 0600 from the first byte, so there is no moment in which another user could open them.
 */
final class OwnerOnly {

    private OwnerOnly() {
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The attribute for {@code Files.createFile}/{@code createTempFile}, or none where POSIX modes do not exist. */
    static FileAttribute<?>[] attributes() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode())} : new FileAttribute<?>[0];
    }

    static Set<PosixFilePermission> mode() {
        return PosixFilePermissions.fromString("rw-------");
    }

    /** Writes {@code bytes} to {@code file}, creating it owner-only if it does not exist yet. */
    static void write(Path file, byte[] bytes) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, attributes());
        }
        Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
