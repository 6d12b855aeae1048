package dev.eventbus.worker.internal;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.MalformedEnvelopeException;
import dev.eventbus.envelope.PayloadMappingException;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.Registration;
import dev.eventbus.worker.logging.Mdc;
import java.util.Optional;

/**
 * Decodes the envelope, finds the handler for its (event type, major) and maps the payload onto the
 * handler's type. Whatever fails here fails the same way on every attempt, so it is dead-lettered at
 * once with its reason: malformed JSON, an invalid envelope, an unknown event type, an unsupported
 * major version, or a payload that does not fit.
 */
public final class DecodeInterceptor implements Interceptor {

    private final EnvelopeCodec codec;
    private final Handlers handlers;

    public DecodeInterceptor(EnvelopeCodec codec, Handlers handlers) {
        this.codec = codec;
        this.handlers = handlers;
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
            return deadLetter(reason, e.getMessage(), null);
        }
        Mdc.putEvent(envelope);
        if (!handlers.handles(envelope.event())) {
            return deadLetter(FailureReason.UNKNOWN_EVENT_TYPE,
                    "no handler for this event type: " + envelope.event(), null);
        }
        Optional<Registration<?>> registration = handlers.find(envelope.event(), envelope.version().major());
        if (registration.isEmpty()) {
            return deadLetter(FailureReason.UNSUPPORTED_VERSION, "no handler for this major version: " + envelope.event()
                    + " " + envelope.version() + " (handled majors: " + handlers.majors(envelope.event()) + ")", null);
        }
        Registration<?> handler = registration.get();
        Object payload;
        try {
            payload = codec.readPayload(envelope.payload(), handler.payloadType());
        } catch (PayloadMappingException e) {
            return new Outcome.DeadLettered(Failure.of(FailureReason.SCHEMA_VIOLATION, e, handler.name()));
        }
        return chain.proceed(delivery.decoded(envelope, handler, payload));
    }

    private static Outcome deadLetter(FailureReason reason, String message, String handler) {
        return new Outcome.DeadLettered(Failure.of(reason, message, handler));
    }
}
