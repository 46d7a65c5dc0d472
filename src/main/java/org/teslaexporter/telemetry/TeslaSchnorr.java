package org.teslaexporter.telemetry;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tesla's Schnorr signature over P-256 with SHA-256 ({@code Tesla.SS256}), which signs a car's
 * Fleet Telemetry configuration (teslamotors/vehicle-command, internal/schnorr):
 * <ul>
 * <li>nonce v: RFC 6979 (HMAC-SHA256) from the private scalar a and SHA-256(message); V = vG;</li>
 * <li>c = SHA-256(LV(G) ‖ LV(V) ‖ LV(A) ‖ LV(message)), points uncompressed (65 bytes), LV = 4-byte
 * big-endian length then the bytes;</li>
 * <li>r = v − a·c mod n; the signature is x(V) ‖ y(V) ‖ r, 32 bytes each.</li>
 * </ul>
 * The curve's constants come from the JDK ({@code secp256r1}); the point arithmetic is plain affine
 * arithmetic on {@link BigInteger}s — the JDK has no public API for it. It is not constant-time:
 * it signs a few configurations a month, on the owner's machine, never an attacker's input.
 */
public final class TeslaSchnorr {

    static final ECParameterSpec P256;
    static final BigInteger P;
    static final BigInteger A_COEFFICIENT;
    static final BigInteger N;
    static final ECPoint G;

    static {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            P256 = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
        P = ((ECFieldFp) P256.getCurve().getField()).getP();
        A_COEFFICIENT = P256.getCurve().getA();
        N = P256.getOrder();
        G = P256.getGenerator();
    }

    private TeslaSchnorr() {
    }

    /** The 96-byte signature of {@code message} with the private scalar {@code a}. */
    public static byte[] sign(BigInteger a, byte[] message) {
        if (a.signum() <= 0 || a.compareTo(N) >= 0) {
            throw new IllegalArgumentException("the private scalar is not in [1, n-1]");
        }
        ECPoint publicKey = multiply(G, a);
        BigInteger v = nonce(a, sha256(message));
        ECPoint nonce = multiply(G, v);
        BigInteger c = challenge(nonce, publicKey, message);
        BigInteger r = v.subtract(a.multiply(c)).mod(N);
        byte[] signature = new byte[96];
        System.arraycopy(fixed(nonce.getAffineX()), 0, signature, 0, 32);
        System.arraycopy(fixed(nonce.getAffineY()), 0, signature, 32, 32);
        System.arraycopy(fixed(r), 0, signature, 64, 32);
        return signature;
    }

    /** Whether {@code signature} is a valid signature of {@code message} by {@code publicKey}: V == cA + rG. */
    public static boolean verify(ECPoint publicKey, byte[] message, byte[] signature) {
        if (signature == null || signature.length != 96 || !onCurve(publicKey)) {
            return false;
        }
        ECPoint nonce = new ECPoint(new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 64, 96));
        if (!onCurve(nonce) || r.compareTo(N) >= 0) {
            return false;
        }
        BigInteger c = challenge(nonce, publicKey, message);
        return nonce.equals(add(multiply(publicKey, c), multiply(G, r)));
    }

    /** The public point of a private scalar. */
    public static ECPoint publicPoint(BigInteger a) {
        return multiply(G, a);
    }

    /** A point as Tesla writes it: 0x04 ‖ x ‖ y, 65 bytes. */
    public static byte[] uncompressed(ECPoint point) {
        byte[] out = new byte[65];
        out[0] = 4;
        System.arraycopy(fixed(point.getAffineX()), 0, out, 1, 32);
        System.arraycopy(fixed(point.getAffineY()), 0, out, 33, 32);
        return out;
    }

    /** RFC 6979 section 3.2 with HMAC-SHA256, for a 256-bit order; rejects candidates outside [1, n-1]. */
    static BigInteger nonce(BigInteger a, byte[] digest) {
        byte[] x = fixed(a);
        byte[] h = fixed(new BigInteger(1, digest).mod(N));
        byte[] v = new byte[32];
        Arrays.fill(v, (byte) 1);
        byte[] k = new byte[32];
        k = hmac(k, v, new byte[] {0}, x, h);
        v = hmac(k, v);
        k = hmac(k, v, new byte[] {1}, x, h);
        v = hmac(k, v);
        while (true) {
            v = hmac(k, v);
            BigInteger candidate = new BigInteger(1, v);
            if (candidate.signum() > 0 && candidate.compareTo(N) < 0) {
                return candidate;
            }
            k = hmac(k, v, new byte[] {0});
            v = hmac(k, v);
        }
    }

    static BigInteger challenge(ECPoint nonce, ECPoint publicKey, byte[] message) {
        MessageDigest sha = sha256();
        for (byte[] part : new byte[][] {uncompressed(G), uncompressed(nonce), uncompressed(publicKey), message}) {
            sha.update(ByteBuffer.allocate(4).putInt(part.length).array());
            sha.update(part);
        }
        return new BigInteger(1, sha.digest());
    }

    // --- affine arithmetic on y² = x³ + ax + b over F_p ---

    static boolean onCurve(ECPoint q) {
        if (q == null || q == ECPoint.POINT_INFINITY) {
            return false;
        }
        BigInteger x = q.getAffineX();
        BigInteger y = q.getAffineY();
        if (x.signum() < 0 || x.compareTo(P) >= 0 || y.signum() < 0 || y.compareTo(P) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(A_COEFFICIENT.multiply(x)).add(P256.getCurve().getB()).mod(P);
        return y.multiply(y).mod(P).equals(right);
    }

    static ECPoint add(ECPoint p1, ECPoint p2) {
        if (p1 == ECPoint.POINT_INFINITY) {
            return p2;
        }
        if (p2 == ECPoint.POINT_INFINITY) {
            return p1;
        }
        BigInteger x1 = p1.getAffineX();
        BigInteger y1 = p1.getAffineY();
        BigInteger x2 = p2.getAffineX();
        BigInteger y2 = p2.getAffineY();
        BigInteger slope;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            slope = x1.pow(2).multiply(BigInteger.valueOf(3)).add(A_COEFFICIENT)
                    .multiply(y1.shiftLeft(1).modInverse(P)).mod(P);
        } else {
            slope = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(P)).mod(P);
        }
        BigInteger x3 = slope.pow(2).subtract(x1).subtract(x2).mod(P);
        BigInteger y3 = slope.multiply(x1.subtract(x3)).subtract(y1).mod(P);
        return new ECPoint(x3, y3);
    }

    static ECPoint multiply(ECPoint point, BigInteger k) {
        ECPoint result = ECPoint.POINT_INFINITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            result = add(result, result);
            if (k.testBit(i)) {
                result = add(result, point);
            }
        }
        return result;
    }

    // --- bytes ---

    static byte[] fixed(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] sha256(byte[] message) {
        return sha256().digest(message);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
