package dev.eventbus.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eventbus.envelope.MalformedEnvelopeException.Reason;
import dev.eventbus.schema.EventVersion;
import dev.eventbus.schema.internal.Timestamps;
import java.time.Instant;
import java.time.DateTimeException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes and decodes envelope v1, the JSON body every event travels in. Thread-safe; build one and
 * share it.
 *
 * <p>Decoding accepts, besides the current envelope:
 *
 * <ul>
 *   <li>the monolith's older format ({@code event}, {@code payload}, {@code timestamp},
 *       {@code version}, no {@code id}). When such a message carries {@code schema_version} inside its
 *       payload, as the monolith does for payloads newer than 1.0, that field is the payload's version
 *       and is taken out of the payload;
 *   <li>an SNS notification wrapper ({@code "Type": "Notification"}), unwrapped so a subscription
 *       without raw delivery is not a poison pill.
 * </ul>
 *
 * <p>Parsing has explicit limits (document size, nesting depth, string, number and name lengths),
 * rejects duplicate keys and trailing content, and never uses polymorphic typing. Its errors name the
 * rule a body broke and where, never text of the body; event names and ids must be short and of plain
 * characters ({@link Envelope}), so they are safe to log and to use in keys. Payload fields are
 * snake_case on the wire: Java records and beans map {@code orderId} to {@code order_id}; {@code null}
 * fields are left out.
 */
public final class EnvelopeCodec {

    /**
     * Parsing limits. The defaults admit the largest SQS body (1 MiB) even after an SNS wrapper has
     * escaped it, and reject nesting deeper than any event needs.
     */
    public record Limits(
            long maxDocumentChars, int maxNestingDepth, int maxStringLength, int maxNumberLength, int maxNameLength) {

        public static final long DEFAULT_MAX_DOCUMENT_CHARS = 2L * 1024 * 1024 + 64 * 1024;
        public static final int DEFAULT_MAX_NESTING_DEPTH = 64;
        public static final int DEFAULT_MAX_STRING_LENGTH = 2 * 1024 * 1024;
        public static final int DEFAULT_MAX_NUMBER_LENGTH = 100;
        public static final int DEFAULT_MAX_NAME_LENGTH = 1_000;

        public static final Limits DEFAULT = new Limits(
                DEFAULT_MAX_DOCUMENT_CHARS,
                DEFAULT_MAX_NESTING_DEPTH,
                DEFAULT_MAX_STRING_LENGTH,
                DEFAULT_MAX_NUMBER_LENGTH,
                DEFAULT_MAX_NAME_LENGTH);

        public Limits {
            if (maxDocumentChars <= 0 || maxNestingDepth <= 0 || maxStringLength <= 0 || maxNumberLength <= 0
                    || maxNameLength <= 0) {
                throw new IllegalArgumentException("all limits must be positive: " + this);
            }
        }
    }

    private static final String LEGACY_SCHEMA_VERSION = "schema_version";
    /** Longest event name a body may carry. */
    public static final int MAX_EVENT_NAME_LENGTH = 128;

    private final JsonMapper mapper;

    public EnvelopeCodec() {
        this(Limits.DEFAULT);
    }

    public EnvelopeCodec(Limits limits) {
        Objects.requireNonNull(limits, "limits");
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxDocumentChars())
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(limits.maxNumberLength())
                        .maxNameLength(limits.maxNameLength())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addModule(QuickInstants.module())
                // An absent optional field is left out, not sent as null, which closed schemas reject.
                .changeDefaultPropertyInclusion(inclusion -> inclusion
                        .withValueInclusion(JsonInclude.Include.NON_NULL)
                        .withContentInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    /** Serialises an envelope to its JSON body. Optional fields that are {@code null} are left out. */
    public String encode(Envelope envelope) {
        ObjectNode root = mapper.createObjectNode();
        if (envelope.id() != null) {
            root.put("id", envelope.id());
        }
        root.put("event", envelope.event());
        root.put("version", envelope.version().toString());
        root.put("timestamp", formatTimestamp(envelope.timestamp()));
        putIfPresent(root, "source", envelope.source());
        putIfPresent(root, "correlation_id", envelope.correlationId());
        putIfPresent(root, "causation_id", envelope.causationId());
        putIfPresent(root, "traceparent", envelope.traceparent());
        root.set("payload", envelope.payload());
        return mapper.writeValueAsString(root);
    }

    /**
     * Parses a message body into an envelope.
     *
     * @throws MalformedEnvelopeException with {@link Reason#MALFORMED_JSON} when the body is not JSON
     *     within the limits, or {@link Reason#INVALID_ENVELOPE} when it is JSON but not an envelope
     */
    public Envelope decode(String body) {
        JsonNode root = parse(body, "message body");
        if (root.has("Type") && !root.has("event")) {
            root = unwrapSnsNotification(root);
        }
        if (!root.isObject()) {
            throw invalid("the body is a JSON " + root.getNodeType() + ", not an object");
        }
        String event = requiredText(root, "event");
        if (!isEventName(event)) {
            throw invalid("\"event\" must be 1 to " + MAX_EVENT_NAME_LENGTH + " ASCII letters, digits, '.', '_' or '-'");
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw invalid("\"payload\" must be a JSON object");
        }
        String id = optionalText(root, "id");
        EventVersion version;
        JsonNode legacyVersion = payload.get(LEGACY_SCHEMA_VERSION);
        if (id == null && legacyVersion != null && legacyVersion.isString()) {
            version = parseVersion(legacyVersion.asString(), "payload." + LEGACY_SCHEMA_VERSION);
            payload = ((ObjectNode) payload.deepCopy()).without(LEGACY_SCHEMA_VERSION);
        } else {
            version = parseVersion(requiredText(root, "version"), "version");
        }
        Instant timestamp = parseTimestamp(requiredText(root, "timestamp"));
        try {
            return new Envelope(
                    id,
                    event,
                    version,
                    timestamp,
                    optionalText(root, "source"),
                    optionalText(root, "correlation_id"),
                    optionalText(root, "causation_id"),
                    optionalText(root, "traceparent"),
                    payload);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * Converts a payload given as a record, bean, {@code Map} or {@code JsonNode} into the JSON object
     * that goes into an envelope.
     *
     * @throws PayloadMappingException if the value does not serialise to a JSON object
     */
    public JsonNode toPayload(Object payload) {
        Objects.requireNonNull(payload, "payload");
        JsonNode node;
        try {
            node = payload instanceof JsonNode json ? json : mapper.valueToTree(payload);
        } catch (JacksonException e) {
            throw new PayloadMappingException(
                    "payload of type " + payload.getClass().getName() + " cannot be serialised: " + e.getOriginalMessage(),
                    e);
        }
        if (node == null || !node.isObject()) {
            throw new PayloadMappingException("payload must serialise to a JSON object, but "
                    + payload.getClass().getName() + " serialised to " + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }

    /**
     * Maps a payload onto a Java type (a record per event major, a {@code Map}, or {@code JsonNode}).
     * Unknown fields are ignored, so every minor of a major maps onto the same type.
     *
     * @throws PayloadMappingException if the payload does not fit the type
     */
    public <T> T readPayload(JsonNode payload, Class<T> type) {
        if (type.isInstance(payload)) {
            return type.cast(payload);
        }
        try {
            return mapper.treeToValue(payload, type);
        } catch (JacksonException e) {
            throw new PayloadMappingException("payload does not fit " + type.getSimpleName() + ": " + JsonErrors.mappingProblem(e), e);
        }
    }

    /** Parses a JSON document within the codec's limits. */
    public JsonNode parse(String json, String what) {
        if (json == null || json.isEmpty()) {
            throw new MalformedEnvelopeException(Reason.MALFORMED_JSON, "the " + what + " is empty");
        }
        try {
            return mapper.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedEnvelopeException(Reason.MALFORMED_JSON, "the " + what + " is not valid JSON: " + JsonErrors.rule(e),
                    JsonErrors.position(e), e);
        }
    }

    /** Event names on the wire: short, and nothing that could split a log line or a key. */
    private static boolean isEventName(String event) {
        if (event.length() > MAX_EVENT_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < event.length(); i++) {
            char c = event.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Serialises any JSON tree with this codec's settings. */
    public String write(JsonNode node) {
        return mapper.writeValueAsString(node);
    }

    private JsonNode unwrapSnsNotification(JsonNode root) {
        String type = root.path("Type").asString("");
        if (!"Notification".equals(type)) {
            throw invalid("an SNS message whose \"Type\" is not \"Notification\"");
        }
        JsonNode message = root.get("Message");
        if (message == null || !message.isString()) {
            throw invalid("an SNS notification without a \"Message\" string");
        }
        return parse(message.asString(), "SNS notification's Message");
    }

    private static EventVersion parseVersion(String text, String field) {
        try {
            return EventVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid("\"" + field + "\" is not \"MAJOR.MINOR\" with a major of at least 1, e.g. \"1.2\"");
        }
    }

    private static Instant parseTimestamp(String text) {
        try {
            return Timestamps.parse(text);
        } catch (DateTimeException e) {
            throw invalid("\"timestamp\" is not an ISO-8601 date-time with offset, e.g. 2026-11-23T10:15:30.123Z");
        }
    }

    private static String formatTimestamp(Instant timestamp) {
        return Timestamps.format(timestamp.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw invalid("\"" + field + "\" is missing");
        }
        if (!node.isString() || node.asString().isBlank()) {
            throw invalid("\"" + field + "\" must be a non-empty string, was " + node.getNodeType());
        }
        return node.asString();
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            throw invalid("\"" + field + "\", when present, must be a non-empty string");
        }
        return node.asString();
    }

    private static void putIfPresent(ObjectNode root, String field, String value) {
        if (value != null) {
            root.put(field, value);
        }
    }

    private static MalformedEnvelopeException invalid(String detail) {
        return new MalformedEnvelopeException(Reason.INVALID_ENVELOPE, "not an event envelope: " + detail);
    }
}
