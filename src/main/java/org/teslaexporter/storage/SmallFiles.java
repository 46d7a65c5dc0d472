package org.teslaexporter.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads of small files that are not secret (a public key, a CA chain), bounded in size; see {@link OwnerOnly} for secrets. */
public final class SmallFiles {

    private SmallFiles() {
    }

    /** @throws IOException also when the file is longer than {@code maxBytes} */
    public static String read(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException(file + " is larger than " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
