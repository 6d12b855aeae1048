package dev.eventbus.worker.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of text: failure fingerprints, payload hashes and Redis script ids. */
public final class Digests {

    private Digests() {}

    /** The first {@code bytes} bytes of the SHA-256 of {@code text}, in hex. */
    public static String sha256(String text, int bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", text), 0, bytes);
    }

    /** The SHA-1 of {@code text} in hex, as Redis names a script. */
    public static String sha1(String text) {
        return HexFormat.of().formatHex(digest("SHA-1", text));
    }

    /** Prototypes to clone: cloning skips the provider lookup of {@code getInstance} on every message. */
    private static final MessageDigest SHA_256 = instance("SHA-256");
    private static final MessageDigest SHA_1 = instance("SHA-1");

    private static byte[] digest(String algorithm, String text) {
        MessageDigest prototype = algorithm.equals("SHA-256") ? SHA_256 : SHA_1;
        MessageDigest digest;
        try {
            digest = (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            digest = instance(algorithm);
        }
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest instance(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always available", e);
        }
    }
}
