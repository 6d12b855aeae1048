package dev.eventbus.worker.dedupe;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.internal.Digests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Names the keys an event uses in the dedupe store, and is the only place that does:
 * {@code eventbus:dedupe:<consumer>:<event>:<part>} for its claim and done marker,
 * {@code eventbus:steps:...} (one hash) for the steps its handler completed, and
 * {@code eventbus:failure:...} for its failed attempts.
 *
 * <p>The part is, in this order: the business key the handler's registration declares
 * ({@code key:...}); the producer's event id ({@code id:...}); for messages without one (the monolith's
 * older format), the business key the catalog declares for the event ({@code key:...}); last, the SQS
 * message id ({@code msg:...}), which changes when a message is redriven from the DLQ.
 *
 * <p>Every part of a key that comes from a message (ids, business keys) or from configuration is
 * percent-encoded: anything but ASCII letters, digits and {@code . _ ~ -} becomes {@code %XX} of its
 * UTF-8 bytes, so no value contains the {@code :} that separates the parts, and no value can name
 * another event's keys. A part longer than {@value #MAX_PART_LENGTH} characters once encoded is
 * replaced by its SHA-256 ({@code id-sha256:...}), so keys stay short whatever a message carries.
 */
public final class DedupeKeys {

    static final String MESSAGE_ID_TAG = "msg";
    private static final String ID_TAG = "id";
    static final String KEY_TAG = "key";
    private static final String CLAIM_PREFIX = "eventbus:dedupe:";
    private static final String STEPS_PREFIX = "eventbus:steps:";
    private static final String FAILURE_PREFIX = "eventbus:failure:";
    /** The key a store writes to check that it accepts writes. */
    static final String PROBE_KEY = "eventbus:probe";
    /** Longest encoded key part kept as it is; longer ones are hashed. */
    static final int MAX_PART_LENGTH = 200;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DedupeKeys() {}

    /**
     * The keys of an event at {@code consumer} exactly as a worker keys it when the handler's registration
     * declares no business key of its own: by its event id if it has one, else by the business key
     * {@code catalog} declares for its type (when {@code catalog} is not {@code null} and the payload
     * carries the key), else by {@code messageId}.
     */
    public static EventKeys of(String consumer, EventCatalog catalog, Envelope envelope, String messageId) {
        return keys(consumer, envelope.event(), defaultPart(catalog, envelope, messageId));
    }

    /** The keys of a decoded delivery: the registration's own business key first, else as {@link #of}. */
    static EventKeys of(String consumer, EventCatalog catalog, Delivery delivery) {
        String registered = delivery.registration().businessKeyOf(delivery.payload());
        String part = registered != null
                ? part(KEY_TAG, encode(registered))
                : defaultPart(catalog, delivery.envelope(), delivery.messageId());
        return keys(consumer, delivery.envelope().event(), part);
    }

    /** The failure key of an event published with an id. */
    public static String failureKeyForEventId(String consumer, String event, String eventId) {
        return keys(consumer, event, part(ID_TAG, encode(eventId))).failureKey();
    }

    /** The key of the hash holding the completed steps of the event whose claim key is {@code claimKey}. */
    static String stepsKey(String claimKey) {
        if (!claimKey.startsWith(CLAIM_PREFIX)) {
            throw new IllegalArgumentException("not a claim key: " + claimKey);
        }
        return STEPS_PREFIX + claimKey.substring(CLAIM_PREFIX.length());
    }

    private static EventKeys keys(String consumer, String event, String part) {
        String scope = encode(consumer) + ":" + encode(event) + ":" + part;
        return new EventKeys(CLAIM_PREFIX + scope, FAILURE_PREFIX + scope, part);
    }

    private static String defaultPart(EventCatalog catalog, Envelope envelope, String messageId) {
        if (envelope.id() != null) {
            return part(ID_TAG, encode(envelope.id()));
        }
        Optional<String> businessKey = catalogKey(catalog, envelope);
        return businessKey.map(key -> part(KEY_TAG, key)).orElseGet(() -> part(MESSAGE_ID_TAG, encode(messageId)));
    }

    /**
     * The encoded business key the catalog declares for the envelope's event, its values joined by
     * {@code ,} (which encoding keeps out of the values) for a composite key; empty when the catalog
     * declares none or the payload lacks a value.
     */
    private static Optional<String> catalogKey(EventCatalog catalog, Envelope envelope) {
        if (catalog == null) {
            return Optional.empty();
        }
        List<String> pointers = catalog.find(envelope.event()).map(EventDefinition::businessKeyPointers).orElse(List.of());
        if (pointers.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder key = new StringBuilder();
        for (String pointer : pointers) {
            JsonNode value = envelope.payload().at(pointer);
            if (!(value.isString() || value.isIntegralNumber())) {
                return Optional.empty();
            }
            if (!key.isEmpty()) {
                key.append(',');
            }
            key.append(encode(value.asString()));
        }
        return Optional.of(key.toString());
    }

    private static String part(String tag, String encoded) {
        return encoded.length() <= MAX_PART_LENGTH
                ? tag + ":" + encoded
                : tag + "-sha256:" + Digests.sha256(encoded, 32);
    }

    /** Percent-encodes everything but ASCII letters, digits and {@code . _ ~ -}; most values pass unchanged. */
    static String encode(String value) {
        int i = 0;
        while (i < value.length() && unreserved(value.charAt(i))) {
            i++;
        }
        if (i == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, i);
        for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (unreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '~' || c == '-';
    }
}
