package dev.eventbus.worker.internal;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.MalformedEnvelopeException;
import dev.eventbus.envelope.PayloadMappingException;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.schema.EventVersion;
import dev.eventbus.schema.PayloadValidator;
import dev.eventbus.schema.UnknownSchemaException;
import dev.eventbus.schema.Upcaster;
import dev.eventbus.schema.Violation;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.Registration;
import dev.eventbus.worker.logging.Mdc;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Decodes the envelope, finds the handler that can read its (event type, major), checks the payload
 * against the event's schema (when the worker has the catalog), upcasts it to the handler's major, and
 * maps it onto the handler's type. Whatever fails here fails the same way on every attempt, so it is
 * dead-lettered at once with its reason: malformed JSON, an invalid envelope, an unknown event type,
 * an unsupported major version, a schema violation, or a failed upcast. An event type the catalog knows
 * but does not list this consumer as a subscriber of (it shares a topic with events the consumer wants)
 * is {@link Outcome.Skipped skipped}: acked without running anything. Failure messages name rules and
 * JSON pointers, never values from the body.
 *
 * <p>Validation is tolerant: a minor newer than the catalog knows is checked against the newest known
 * minor of its major, with undeclared properties allowed, so additive changes never break consumers.
 */
public final class DecodeInterceptor implements Interceptor {

    private final EnvelopeCodec codec;
    private final Handlers handlers;
    private final EventCatalog catalog;
    private final String consumer;
    private final PayloadValidator validator;

    /**
     * A decode step for {@code consumer}; {@code catalog} may be {@code null}, and then payloads are not
     * checked against schemas and no event type is skipped.
     */
    public DecodeInterceptor(EnvelopeCodec codec, Handlers handlers, EventCatalog catalog, String consumer) {
        this.codec = codec;
        this.handlers = handlers;
        this.catalog = catalog;
        this.consumer = consumer;
        this.validator = catalog == null ? null : new PayloadValidator(catalog);
    }

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        Envelope envelope;
        try {
            envelope = codec.decode(delivery.body());
        } catch (MalformedEnvelopeException e) {
            FailureReason reason = e.reason() == MalformedEnvelopeException.Reason.MALFORMED_JSON
                    ? FailureReason.MALFORMED_JSON
                    : FailureReason.INVALID_ENVELOPE;
            return new Outcome.DeadLettered(Failure.found(reason, e.problem(), e.position(), null));
        }
        Mdc.putEvent(envelope);
        String event = envelope.event();
        Optional<EventDefinition> definition = catalog == null ? Optional.empty() : catalog.find(event);
        if (!handlers.handles(event)) {
            if (definition.isPresent() && !definition.get().isSubscriber(consumer)) {
                return Outcome.skipped();
            }
            return deadLetter(FailureReason.UNKNOWN_EVENT_TYPE, "no handler for event type " + event, definition.isPresent()
                    ? "(the catalog lists " + consumer + " as a subscriber: deploy its handler, then replay)" : null, null);
        }
        Optional<Handlers.Resolution> resolution = handlers.resolve(event, envelope.version().major());
        if (resolution.isEmpty()) {
            return deadLetter(FailureReason.UNSUPPORTED_VERSION, "no handler for major version " + envelope.version().major() + " of "
                    + event, "(version " + envelope.version() + "; handled majors: " + handlers.majors(event)
                    + ", upcasters from majors: " + handlers.upcastableMajors(event) + ")", null);
        }
        Registration<?> handler = resolution.get().registration();
        JsonNode payload = envelope.payload();
        if (definition.isPresent()) {
            Optional<Outcome> invalid = check(event, envelope.version(), payload, FailureReason.SCHEMA_VIOLATION, handler);
            if (invalid.isPresent()) {
                return invalid.get();
            }
        }
        List<Upcaster> upcasters = resolution.get().upcasters();
        if (!upcasters.isEmpty()) {
            for (Upcaster upcaster : upcasters) {
                try {
                    payload = upcaster.upcast(payload);
                } catch (RuntimeException e) {
                    return new Outcome.DeadLettered(Failure.of(FailureReason.UPCAST_FAILED, e, handler.name()));
                }
            }
            Optional<EventVersion> target = definition.flatMap(d -> d.newestMinorOf(handler.major()));
            if (target.isPresent()) {
                Optional<Outcome> invalid = check(event, target.get(), payload, FailureReason.UPCAST_FAILED, handler);
                if (invalid.isPresent()) {
                    return invalid.get();
                }
            }
        }
        Object mapped;
        try {
            mapped = codec.readPayload(payload, handler.payloadType());
        } catch (PayloadMappingException e) {
            return new Outcome.DeadLettered(Failure.of(FailureReason.SCHEMA_VIOLATION, e, handler.name()));
        }
        return chain.proceed(delivery.decoded(envelope, handler, mapped));
    }

    /** A dead letter if {@code payload} breaks {@code event} at {@code version} (tolerantly), else empty. */
    private Optional<Outcome> check(String event, EventVersion version, JsonNode payload, FailureReason reason, Registration<?> handler) {
        List<Violation> violations;
        try {
            violations = validator.validateTolerant(event, version, payload);
        } catch (UnknownSchemaException e) {
            return Optional.of(deadLetter(FailureReason.UNSUPPORTED_VERSION, "the event catalog has no schema for " + event + " "
                    + version, null, handler.name()));
        }
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        String where = reason == FailureReason.UPCAST_FAILED ? "the upcast payload breaks " : "the payload breaks ";
        return Optional.of(deadLetter(reason, where + event + " " + version + ": "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")), null, handler.name()));
    }

    private static Outcome deadLetter(FailureReason reason, String cause, String detail, String handler) {
        return new Outcome.DeadLettered(Failure.found(reason, cause, detail, handler));
    }
}
