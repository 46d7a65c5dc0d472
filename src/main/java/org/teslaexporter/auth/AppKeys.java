package org.teslaexporter.auth;

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
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.storage.OwnerOnly;
import org.teslaexporter.storage.SmallFiles;

/**
 * The app's key pair, which Tesla requires to be published at
 * {@code https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem}: an EC prime256v1
 * (secp256r1) pair in the data directory — {@code private-key.pem} (PKCS#8, owner-only) and
 * {@code public-key.pem} (X.509 SubjectPublicKeyInfo). Made sure of once, at start, under a lock:
 * generated unless the user put their own there (each file written through a temporary file and a
 * rename), read back and checked to belong together. What it found is then kept in memory, so the
 * public key endpoint — open to anyone — and the set-up page never touch the disk. The private key
 * is never shown or logged; it is used only to sign the cars' Fleet Telemetry configs ({@link #pair}).
 */
@ApplicationScoped
public class AppKeys {

    public static final String PRIVATE = "private-key.pem";
    public static final String PUBLIC = "public-key.pem";
    static final int MAX_PEM_BYTES = 16 * 1024;
    /** The cluster's pair in the members' map: the private key's PEM, then the public key's. */
    static final String PAIR = "pair";
    private static final Object LOCK = new Object();

    /** What the set-up page says about the keys. */
    public record Status(boolean ready, boolean generated, String publicKeyPem, String problem) {
    }

    @Inject
    ExporterConfig config;

    @Inject
    Cluster cluster;

    private volatile Status status;
    private volatile KeyPair pair;

    /** Made at start-up, not at the first request, so no anonymous request ever makes or reads a key. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        status();
    }

    /** What was found or made at start; no I/O after the first call. */
    public Status status() {
        Status s = status;
        if (s == null) {
            synchronized (this) {
                if (status == null) {
                    Path dir = config.settings().files().dataDir();
                    Found found = ensure(dir);
                    if (cluster.clustered()) {
                        found = agree(found, dir, cluster.sealedMap("app-keys"));
                    }
                    pair = found.pair();
                    status = found.status();
                }
                s = status;
            }
        }
        return s;
    }

    /**
     * The pair, to sign with.
     *
     * @throws GeneralSecurityException when there is none (the set-up page says why)
     */
    public KeyPair pair() throws GeneralSecurityException {
        Status s = status();
        KeyPair p = pair;
        if (p == null) {
            throw new GeneralSecurityException(s.problem() == null ? "no app key pair" : s.problem());
        }
        return p;
    }

    /** What {@link #ensure} found: the status for the pages, and the pair when it is ready. */
    record Found(Status status, KeyPair pair) {
    }

    /**
     * Makes sure the pair exists in {@code dir} and belongs together; generates it if neither file is
     * there. One caller at a time in this process, so two first calls cannot make two pairs.
     */
    static Found ensure(Path dir) {
        synchronized (LOCK) {
            return ensureLocked(dir);
        }
    }

    private static Found ensureLocked(Path dir) {
        Path privateFile = dir.resolve(PRIVATE);
        Path publicFile = dir.resolve(PUBLIC);
        try {
            boolean hasPrivate = Files.exists(privateFile, LinkOption.NOFOLLOW_LINKS);
            boolean hasPublic = Files.exists(publicFile, LinkOption.NOFOLLOW_LINKS);
            if (hasPublic && hasPrivate) {
                String publicPem = SmallFiles.read(publicFile, MAX_PEM_BYTES);
                KeyPair found = pairOf(OwnerOnly.read(privateFile, MAX_PEM_BYTES), publicPem);     // checks they are one pair
                return new Found(new Status(true, false, publicPem, null), found);
            }
            if (hasPrivate || hasPublic) {
                return new Found(new Status(false, false, null,
                        "Found " + (hasPrivate ? PRIVATE + " but no " + PUBLIC : PUBLIC + " but no " + PRIVATE) + " in " + dir
                                + ". Put both there (make the public one with: openssl ec -in " + PRIVATE + " -pubout -out "
                                + PUBLIC + "), or remove the one to have a new pair generated, then restart the exporter."), null);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair generated = generator.generateKeyPair();
            String publicPem = pem("PUBLIC KEY", generated.getPublic().getEncoded());
            OwnerOnly.replace(privateFile, pem("PRIVATE KEY", generated.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
            OwnerOnly.replace(publicFile, publicPem.getBytes(StandardCharsets.US_ASCII));
            return new Found(new Status(true, true, publicPem, null), generated);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new Found(new Status(false, false, null, "Cannot use the app key pair in " + dir + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage()
                    + (Files.exists(privateFile, LinkOption.NOFOLLOW_LINKS) ? "" : " (remove both files to have a new pair generated)")), null);
        }
    }

    /**
     * In a cluster every member serves and signs with one pair. The first member's goes into the members'
     * map (sealed: the private key never travels in the clear); a member that has just generated a pair of
     * its own takes the cluster's instead and writes it into its own files; one that brought a different
     * pair is not ready, and its set-up page says what to copy where.
     */
    static Found agree(Found mine, Path dir, SharedMap shared) {
        if (!mine.status().ready()) {
            return mine;
        }
        String offer = pem("PRIVATE KEY", mine.pair().getPrivate().getEncoded()) + mine.status().publicKeyPem();
        if (shared.replace(PAIR, null, offer)) {
            return mine;
        }
        String theirs = shared.get(PAIR).orElse(null);
        if (theirs == null || theirs.equals(offer)) {
            return mine;    // the cluster did not answer: this member's own pair, as one exporter alone
        }
        int split = theirs.indexOf("-----BEGIN PUBLIC KEY-----");
        try {
            String privatePem = theirs.substring(0, Math.max(split, 0));
            String publicPem = theirs.substring(Math.max(split, 0));
            KeyPair pair = pairOf(privatePem, publicPem);
            if (!mine.status().generated()) {
                return new Found(new Status(false, false, null, "This member's app key pair in " + dir + " is not the one the"
                        + " other members of the cluster use: copy private-key.pem and public-key.pem from the first member's data"
                        + " directory here (or remove both files to take the cluster's), then restart this member."), null);
            }
            synchronized (LOCK) {
                OwnerOnly.replace(dir.resolve(PRIVATE), privatePem.getBytes(StandardCharsets.US_ASCII));
                OwnerOnly.replace(dir.resolve(PUBLIC), publicPem.getBytes(StandardCharsets.US_ASCII));
            }
            return new Found(new Status(true, false, publicPem, null), pair);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new Found(new Status(false, false, null, "Cannot take the cluster's app key pair into " + dir + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage()), null);
        }
    }

    /** The pair as keys, read from {@code dir} (bounded reads, owner-only files); checked to be one P-256 pair. The tests check the files with it. */
    static KeyPair load(Path dir) throws IOException, GeneralSecurityException {
        return pairOf(OwnerOnly.read(dir.resolve(PRIVATE), MAX_PEM_BYTES), SmallFiles.read(dir.resolve(PUBLIC), MAX_PEM_BYTES));
    }

    /** The pair of two PEM texts; checked to be one P-256 pair. */
    private static KeyPair pairOf(String privatePem, String publicPem) throws GeneralSecurityException {
        KeyFactory ec = KeyFactory.getInstance("EC");
        PrivateKey privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem, "PRIVATE KEY")));
        PublicKey publicKey = ec.generatePublic(new X509EncodedKeySpec(der(publicPem, "PUBLIC KEY")));
        if (!(privateKey instanceof ECPrivateKey p) || !(publicKey instanceof ECPublicKey q) || !p256(q)) {
            throw new GeneralSecurityException("the app key pair is not an EC prime256v1 (secp256r1) pair");
        }
        if (!onePair(p, q)) {
            throw new GeneralSecurityException(PUBLIC + " is not the public half of " + PRIVATE
                    + " (make it again with: openssl ec -in " + PRIVATE + " -pubout -out " + PUBLIC + ")");
        }
        return new KeyPair(q, p);
    }

    /** Whether a signature by the private key verifies with the public one. */
    private static boolean onePair(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(challenge);
        return verifier.verify(signature);
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
