package dev.eventbus.worker.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of text: failure fingerprints, payload hashes and Redis script ids. */
public final class Digests {

    /** Prototypes to clone: cloning skips the provider lookup of {@code getInstance} on every message. */
    private static final MessageDigest SHA_256 = instance("SHA-256");
    private static final MessageDigest SHA_1 = instance("SHA-1");

    private Digests() {}

    /** The first {@code bytes} bytes of the SHA-256 of {@code text}, in hex. */
    public static String sha256(String text, int bytes) {
        return HexFormat.of().formatHex(digest(SHA_256, text), 0, bytes);
    }

    /** The SHA-1 of {@code text} in hex, as Redis names a script. */
    public static String sha1(String text) {
        return HexFormat.of().formatHex(digest(SHA_1, text));
    }

    private static byte[] digest(MessageDigest prototype, String text) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            digest = instance(prototype.getAlgorithm());
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
