package org.teslaexporter.auth;

import org.teslaexporter.storage.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The app's key pair, which Tesla requires to be published at
 * {@code https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem}: an EC prime256v1
 * (secp256r1) pair in the data directory — {@code private-key.pem} (PKCS#8, owner-only) and
 * {@code public-key.pem} (X.509 SubjectPublicKeyInfo). Generated at first start unless the user put
 * their own there. The private key is never read back, shown or logged.
 */
public final class AppKeys {

    public static final String PRIVATE = "private-key.pem";
    public static final String PUBLIC = "public-key.pem";

    /** What the set-up page says about the keys. */
    public record Status(boolean ready, boolean generated, String publicKeyPem, String problem) {
    }

    private AppKeys() {
    }

    /** Makes sure the pair exists in {@code dir}; generates it if neither file is there. */
    public static Status ensure(Path dir) {
        Path privateFile = dir.resolve(PRIVATE);
        Path publicFile = dir.resolve(PUBLIC);
        try {
            boolean hasPrivate = Files.exists(privateFile);
            boolean hasPublic = Files.exists(publicFile);
            if (hasPublic && hasPrivate) {
                OwnerOnly.tighten(privateFile);
                return new Status(true, false, Files.readString(publicFile, StandardCharsets.US_ASCII), null);
            }
            if (hasPrivate || hasPublic) {
                return new Status(false, false, hasPublic ? Files.readString(publicFile, StandardCharsets.US_ASCII) : null,
                        "Found " + (hasPrivate ? PRIVATE + " but no " + PUBLIC : PUBLIC + " but no " + PRIVATE) + " in " + dir
                                + ". Put both there (make the public one with: openssl ec -in " + PRIVATE + " -pubout -out "
                                + PUBLIC + "), or remove the one to have a new pair generated.");
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
            OwnerOnly.write(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
            Files.writeString(publicFile, publicPem, StandardCharsets.US_ASCII);
            return new Status(true, true, publicPem, null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new Status(false, false, null, "Cannot create the app key pair in " + dir + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
