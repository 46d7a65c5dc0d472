package org.teslaexporter.auth;

import org.teslaexporter.storage.OwnerOnly;
import org.teslaexporter.storage.SmallFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The app's key pair, which Tesla requires to be published at
 * {@code https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem}: an EC prime256v1
 * (secp256r1) pair in the data directory — {@code private-key.pem} (PKCS#8, owner-only) and
 * {@code public-key.pem} (X.509 SubjectPublicKeyInfo). Generated at first start unless the user put
 * their own there. The private key is never shown or logged; it is read back only to sign the cars'
 * Fleet Telemetry configs ({@link #load}).
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

    /** The pair as keys, read from {@code dir} (bounded reads, owner-only files); checked to belong together. */
    public static KeyPair load(Path dir) throws IOException, GeneralSecurityException {
        KeyFactory ec = KeyFactory.getInstance("EC");
        PrivateKey privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(der(OwnerOnly.read(dir.resolve(PRIVATE), 16 * 1024),
                "PRIVATE KEY")));
        PublicKey publicKey = ec.generatePublic(new X509EncodedKeySpec(der(SmallFiles.read(dir.resolve(PUBLIC), 16 * 1024),
                "PUBLIC KEY")));
        if (!(privateKey instanceof ECPrivateKey p) || !(publicKey instanceof ECPublicKey q) || !p256(q)) {
            throw new GeneralSecurityException("the app key pair is not an EC prime256v1 (secp256r1) pair");
        }
        return new KeyPair(q, p);
    }

    /** P-256 is the only curve with this field size and order among the JDK's named curves. */
    private static boolean p256(ECPublicKey key) {
        return key.getParams().getOrder().bitLength() == 256 && key.getParams().getCurve().getField().getFieldSize() == 256;
    }

    private static byte[] der(String pem, String type) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
                throw new GeneralSecurityException(PRIVATE + " is in the SEC1 format (BEGIN EC PRIVATE KEY); convert it once with:"
                        + " openssl pkcs8 -topk8 -nocrypt -in " + PRIVATE + " -out pkcs8.pem && mv pkcs8.pem " + PRIVATE);
            }
            throw new GeneralSecurityException("not a PEM " + type);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("unreadable PEM " + type);
        }
    }

    static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
