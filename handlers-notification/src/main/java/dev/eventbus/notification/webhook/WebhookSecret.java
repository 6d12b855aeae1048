package dev.eventbus.notification.webhook;

import java.util.Arrays;
import java.util.Base64;

/**
 * One endpoint's signing key, written as Standard Webhooks does: {@code whsec_} followed by the key in
 * base64 (24 to 64 bytes). Its {@code toString} never shows the key.
 */
public final class WebhookSecret {

    public static final String PREFIX = "whsec_";
    public static final int MIN_BYTES = 24;
    public static final int MAX_BYTES = 64;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Parses {@code whsec_BASE64} (the prefix is optional, as in the reference libraries).
     *
     * @throws IllegalArgumentException saying what is wrong, without echoing the secret
     */
    public static WebhookSecret parse(String text) {
        String base64 = text.strip();
        if (base64.startsWith(PREFIX)) {
            base64 = base64.substring(PREFIX.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64, and this one is not valid base64");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a webhook secret's key must have " + MIN_BYTES + " to " + MAX_BYTES
                    + " bytes, this one has " + key.length);
        }
        return new WebhookSecret(key);
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret other && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "whsec_***";
    }
}
