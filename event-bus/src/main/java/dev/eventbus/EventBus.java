package dev.eventbus;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.EventIds;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.routing.Destination;
import dev.eventbus.routing.Route;
import dev.eventbus.routing.Routes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import tools.jackson.databind.JsonNode;

/**
 * Publishes events: wraps each payload in a versioned envelope and sends it to the event type's route,
 * an SNS topic (fan-out) or an SQS queue (point-to-point), with the {@code EventType} and
 * {@code EventVersion} message attributes.
 *
 * <p>Thread-safe; build one per application and share it. {@code publish} blocks until SNS or SQS has
 * accepted the message (the SDK's retries included) and throws rather than losing an event silently:
 * {@link NoRouteException} and {@link EventTooLargeException} before anything is sent,
 * {@link PublishException} when the send itself failed.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder().sns(sns).sqs(sqs).routes(routes).source("monolith").build();
 * PublishReceipt receipt = bus.publish("order.completed", Map.of("order_id", 42, "user_id", 7));
 * }</pre>
 */
public final class EventBus {

    /** SNS's default maximum message size; queues created by older tooling share it. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final SnsClient sns;
    private final SqsClient sqs;
    private final Routes routes;
    private final String source;
    private final Clock clock;
    private final EventIds ids;
    private final EnvelopeCodec codec;
    private final int maxMessageBytes;

    private EventBus(Builder b) {
        this.sns = b.sns;
        this.sqs = b.sqs;
        this.routes = b.routes;
        this.source = b.source;
        this.clock = b.clock;
        this.ids = new EventIds(b.clock);
        this.codec = b.codec;
        this.maxMessageBytes = b.maxMessageBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Publishes {@code payload} (a record, bean, {@code Map} or {@code JsonNode} serialising to a JSON
     * object) as {@code event} at the version its route names.
     */
    public PublishReceipt publish(String event, Object payload) {
        return publish(OutgoingEvent.of(event, payload));
    }

    /** Publishes an event with its optional id, correlation, causation and trace context. */
    public PublishReceipt publish(OutgoingEvent event) {
        Route route = routes.routeFor(event.event()).orElseThrow(() -> new NoRouteException(event.event(), routes.events()));
        JsonNode payload = codec.toPayload(event.payload());
        String id = event.id() != null ? event.id() : ids.next();
        Envelope envelope = new Envelope(
                id,
                route.event(),
                route.version(),
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS),
                source,
                event.correlationId(),
                event.causationId(),
                event.traceparent(),
                payload);
        String body = codec.encode(envelope);
        long bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxMessageBytes) {
            throw new EventTooLargeException(event.event(), bytes, maxMessageBytes);
        }
        Map<String, String> attributes = attributesOf(envelope);
        String messageId;
        try {
            messageId = send(route.destination(), body, attributes);
        } catch (SdkException e) {
            throw new PublishException(event.event(), id, route.destination().toString(), e);
        }
        log.debug("published {} {} id={} to {} message_id={}", envelope.event(), envelope.version(), id,
                route.destination(), messageId);
        return new PublishReceipt(id, envelope.event(), envelope.version(), route.destination(), messageId);
    }

    private String send(Destination destination, String body, Map<String, String> attributes) {
        if (destination instanceof Destination.Topic topic) {
            return sns.publish(PublishRequest.builder()
                            .topicArn(topic.arn())
                            .message(body)
                            .messageAttributes(snsAttributes(attributes))
                            .build())
                    .messageId();
        }
        Destination.Queue queue = (Destination.Queue) destination;
        return sqs.sendMessage(SendMessageRequest.builder()
                        .queueUrl(queue.url())
                        .messageBody(body)
                        .messageAttributes(sqsAttributes(attributes))
                        .build())
                .messageId();
    }

    private static Map<String, String> attributesOf(Envelope envelope) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(MessageAttributes.EVENT_TYPE, envelope.event());
        attributes.put(MessageAttributes.EVENT_VERSION, envelope.version().toString());
        if (envelope.traceparent() != null) {
            attributes.put(MessageAttributes.TRACEPARENT, envelope.traceparent());
        }
        return attributes;
    }

    private static Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> snsAttributes(
            Map<String, String> attributes) {
        Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> out.put(name,
                software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                        .dataType("String")
                        .stringValue(value)
                        .build()));
        return out;
    }

    private static Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> sqsAttributes(
            Map<String, String> attributes) {
        Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> out.put(name,
                software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                        .dataType("String")
                        .stringValue(value)
                        .build()));
        return out;
    }

    /** Builds an {@link EventBus}. {@code routes} is required; each client is required only if a route needs it. */
    public static final class Builder {
        private SnsClient sns;
        private SqsClient sqs;
        private Routes routes;
        private String source;
        private Clock clock = Clock.systemUTC();
        private EnvelopeCodec codec = new EnvelopeCodec();
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

        private Builder() {}

        public Builder sns(SnsClient sns) {
            this.sns = sns;
            return this;
        }

        public Builder sqs(SqsClient sqs) {
            this.sqs = sqs;
            return this;
        }

        public Builder routes(Routes routes) {
            this.routes = routes;
            return this;
        }

        /** The envelope's {@code source}: which system emits these events, e.g. {@code "monolith"}. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder codec(EnvelopeCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** Largest encoded message, in UTF-8 bytes, the bus will send; larger events are rejected. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 1024 || maxMessageBytes > 1_048_576) {
                throw new IllegalArgumentException("maxMessageBytes must be within 1 KiB..1 MiB, was " + maxMessageBytes);
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public EventBus build() {
            Objects.requireNonNull(routes, "routes are required: which event type goes to which topic or queue");
            for (String event : routes.events()) {
                Destination destination = routes.routeFor(event).orElseThrow().destination();
                if (destination instanceof Destination.Topic && sns == null) {
                    throw new IllegalStateException("\"" + event + "\" is routed to an SNS topic, but no SnsClient was given");
                }
                if (destination instanceof Destination.Queue && sqs == null) {
                    throw new IllegalStateException("\"" + event + "\" is routed to an SQS queue, but no SqsClient was given");
                }
            }
            return new EventBus(this);
        }
    }
}
