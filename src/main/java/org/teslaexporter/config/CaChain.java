package org.teslaexporter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.teslaexporter.storage.SmallFiles;

/**
 * {@code TELEMETRY_CA_FILE}: the chain the cars check the fleet-telemetry server with. What the
 * exporter sends to Tesla and every car is its {@code CERTIFICATE} blocks alone, never anything else
 * the file holds; and a file with a private key in it is refused outright (start-up stops, exit 78):
 * a combined certificate-and-key file would otherwise have sent the server's key to the world.
 */
public final class CaChain {

    public static final int MAX_BYTES = 64 * 1024;
    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END CERTIFICATE-----");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");
    private static final String HOLDS_A_KEY = "holds a PRIVATE KEY block, which would be sent to Tesla and every car: give the"
            + " exporter the certificate chain alone (e.g. docker/streaming/ca/chain.pem; the key stays with fleet-telemetry)";

    private CaChain() {
    }

    /**
     * The certificate blocks of {@code pem}, one after the other.
     *
     * @throws IllegalArgumentException when it holds a private key, or no certificate
     */
    public static String certificates(String pem) {
        if (PRIVATE_KEY.matcher(pem).find()) {
            throw new IllegalArgumentException(HOLDS_A_KEY);
        }
        List<String> blocks = new ArrayList<>();
        Matcher m = CERTIFICATE.matcher(pem);
        while (m.find()) {
            blocks.add(m.group().replace("\r", "").strip());
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return String.join("\n", blocks) + "\n";
    }

    /** A start-up check: a CA file that exists and holds a private key stops the exporter; a missing one does not. */
    static String problem(Path file) {
        if (file == null || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return PRIVATE_KEY.matcher(SmallFiles.read(file, MAX_BYTES)).find() ? "TELEMETRY_CA_FILE " + file + " " + HOLDS_A_KEY : null;
        } catch (IOException unreadable) {
            return null;        // said on the set-up page when the cars are configured
        }
    }
}
