package dev.eventbus;

import dev.eventbus.envelope.Envelope;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.envelope.EventIds;
import dev.eventbus.envelope.MessageAttributes;
import dev.eventbus.internal.EncodedEvent;
import dev.eventbus.internal.EncodedPublisher;
import dev.eventbus.internal.SendOutcome;
import dev.eventbus.routing.Destination;
import dev.eventbus.routing.Route;
import dev.eventbus.routing.Routes;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventType;
import dev.eventbus.schema.EventVersion;
import dev.eventbus.schema.PayloadValidator;
import dev.eventbus.schema.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import tools.jackson.databind.JsonNode;

/**
 * Publishes events: wraps each payload in a versioned envelope and sends it to the event type's route,
 * an SNS topic (fan-out) or an SQS queue (point-to-point), with the {@code EventType} and
 * {@code EventVersion} message attributes.
 *
 * <p>With an {@link EventCatalog}, routes and versions come from the catalog and every payload is
 * validated against its schema before it is sent.
 *
 * <p>Thread-safe; build one per application and share it. {@code publish} blocks until SNS or SQS has
 * accepted the message (the SDK's retries included) and throws rather than losing an event silently:
 * {@link NoRouteException}, {@link UnpublishableVersionException}, {@link SchemaViolationException}
 * and {@link EventTooLargeException} before anything is sent, {@link PublishException} when the send
 * itself failed.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder().sns(sns).sqs(sqs).source("monolith")
 *         .catalog(EventCatalog.load())
 *         .topic("order-events", "arn:aws:sns:eu-west-1:123456789012:order-events")
 *         .build();
 * PublishReceipt receipt = bus.publish(Events.ORDER_COMPLETED_V1, order);
 * }</pre>
 */
public final class EventBus {

    /** SNS's default maximum message size; queues created by older tooling share it. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private static final int MAX_BATCH_ENTRIES = 10;

    private final SnsClient sns;
    private final SqsClient sqs;
    private final Routes routes;
    private final String source;
    private final Clock clock;
    private final EventIds ids;
    private final EnvelopeCodec codec;
    private final int maxMessageBytes;
    private final EventCatalog catalog;
    private final PayloadValidator validator;
    private final EncodedPublisher encoded = new Encoded();

    static {
        EncodedPublisher.Access.install(bus -> bus.encoded);
    }

    private EventBus(Builder b, Routes routes) {
        this.sns = b.sns;
        this.sqs = b.sqs;
        this.routes = routes;
        this.source = b.source;
        this.clock = b.clock;
        this.ids = new EventIds(b.clock);
        this.codec = b.codec;
        this.maxMessageBytes = b.maxMessageBytes;
        this.catalog = b.catalog;
        this.validator = b.catalog == null ? null : new PayloadValidator(b.catalog);
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

    /** Publishes a typed payload at its type's version. */
    public <T> PublishReceipt publish(EventType<T> type, T payload) {
        return publish(OutgoingEvent.of(type, payload));
    }

    /** Publishes an event with its optional id, correlation, causation and trace context. */
    public PublishReceipt publish(OutgoingEvent event) {
        Prepared message = prepare(event);
        EncodedEvent encoded = message.encoded();
        String messageId;
        try {
            messageId = send(encoded);
        } catch (SdkException e) {
            throw new PublishException(event.event(), encoded.eventId(), encoded.destination().toString(), e);
        }
        log.debug("published {} {} id={} to {} message_id={}", encoded.event(), encoded.version(), encoded.eventId(),
                encoded.destination(), messageId);
        return message.receipt(messageId);
    }

    /**
     * Publishes several events with as few requests as SNS and SQS allow: PublishBatch per topic and
     * SendMessageBatch per queue, up to 10 events and {@value #DEFAULT_MAX_MESSAGE_BYTES} bytes a request.
     * Every event is routed, encoded and size-checked first, so a bad one fails the call before anything
     * is sent. Entries SNS or SQS refuse are retried once.
     *
     * @return one receipt per event, in the order given
     * @throws BatchPublishException if some events were still refused; the others were sent
     */
    public List<PublishReceipt> publishAll(List<OutgoingEvent> events) {
        List<Prepared> messages = events.stream().map(this::prepare).toList();
        PublishReceipt[] receipts = new PublishReceipt[messages.size()];
        Map<Integer, Refusal> refused = sendAll(messages, receipts);
        List<PublishReceipt> published = new ArrayList<>(receipts.length);
        for (PublishReceipt receipt : receipts) {
            if (receipt != null) {
                published.add(receipt);
            }
        }
        if (!refused.isEmpty()) {
            List<BatchPublishException.Failed> failed = new ArrayList<>(refused.size());
            refused.forEach((index, why) -> failed.add(new BatchPublishException.Failed(messages.get(index).event(), why.code(),
                    why.message())));
            throw new BatchPublishException(published, failed);
        }
        return published;
    }

    /**
     * Sends prepared messages with as few requests as SNS and SQS allow, filling {@code receipts} for those
     * accepted; returns, by index, why the others were refused after one retry.
     */
    private Map<Integer, Refusal> sendAll(List<Prepared> messages, PublishReceipt[] receipts) {
        Map<Destination, List<Integer>> byDestination = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            byDestination.computeIfAbsent(messages.get(i).encoded().destination(), d -> new ArrayList<>()).add(i);
        }
        Map<Integer, Refusal> refused = new java.util.TreeMap<>();
        byDestination.forEach((destination, indexes) -> {
            for (List<Integer> batch : batches(messages, indexes)) {
                sendBatch(destination, messages, batch, receipts, refused);
            }
        });
        return refused;
    }

    /**
     * An event routed, enveloped, encoded and size-checked, ready to send; {@code event} is {@code null} for
     * one encoded earlier (by the outbox) and sent now.
     */
    private record Prepared(OutgoingEvent event, EncodedEvent encoded, long bytes) {
        PublishReceipt receipt(String messageId) {
            return new PublishReceipt(encoded.eventId(), encoded.event(), encoded.version(), encoded.destination(), messageId);
        }
    }

    /** Why SNS or SQS refused one batch entry; {@code requestFailed} when the whole request failed. */
    private record Refusal(String code, String message, boolean requestFailed) {}

    /** The outbox's way in: encoding without sending, and sending what was encoded earlier. */
    private final class Encoded implements EncodedPublisher {
        @Override
        public EncodedEvent encode(OutgoingEvent event) {
            return prepare(event).encoded();
        }

        @Override
        public List<SendOutcome> sendAll(List<EncodedEvent> events) {
            List<Prepared> messages = new ArrayList<>(events.size());
            for (EncodedEvent event : events) {
                messages.add(new Prepared(null, event, event.body().getBytes(StandardCharsets.UTF_8).length));
            }
            PublishReceipt[] receipts = new PublishReceipt[messages.size()];
            Map<Integer, Refusal> refused = EventBus.this.sendAll(messages, receipts);
            List<SendOutcome> outcomes = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Refusal why = refused.get(i);
                outcomes.add(why == null ? SendOutcome.sent(receipts[i]) : new SendOutcome(null, why.code(), why.message(), why.requestFailed()));
            }
            return outcomes;
        }
    }

    private Prepared prepare(OutgoingEvent event) {
        Route route = routes.routeFor(event.event()).orElseThrow(() -> new NoRouteException(event.event(), routes.events()));
        EventVersion version = event.version() != null ? event.version() : route.version();
        JsonNode payload = codec.toPayload(event.payload());
        if (catalog != null) {
            checkPublishable(route, version);
            List<Violation> violations = validator.validate(route.event(), version, payload);
            if (!violations.isEmpty()) {
                throw new SchemaViolationException(route.event(), version, violations);
            }
        }
        String id = event.id() != null ? event.id() : ids.next();
        Envelope envelope = new Envelope(
                id,
                route.event(),
                version,
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
        EncodedEvent encoded = new EncodedEvent(id, route.event(), version, route.destination(), body, event.traceparent());
        return new Prepared(event.id() != null ? event : event.withId(id), encoded, bytes);
    }

    /** A version the catalog knows, and no newer major than the current one: consumers first. */
    private void checkPublishable(Route route, EventVersion version) {
        List<EventVersion> known = catalog.versions(route.event());
        if (!known.contains(version)) {
            throw new UnpublishableVersionException(route.event() + " " + version + " is not in the event catalog, which has "
                    + known + "; nothing was sent");
        }
        if (version.major() > route.version().major()) {
            throw new UnpublishableVersionException(route.event() + " " + version + " is a newer major than the catalog's current "
                    + route.version() + "; nothing was sent. Consumers first: deploy handlers (or an upcaster) for major "
                    + version.major() + ", then raise current_version in the catalog.");
        }
    }

    private String send(EncodedEvent message) {
        if (message.destination() instanceof Destination.Topic topic) {
            return sns.publish(PublishRequest.builder()
                            .topicArn(topic.arn())
                            .message(message.body())
                            .messageAttributes(snsAttributes(attributesOf(message)))
                            .build())
                    .messageId();
        }
        Destination.Queue queue = (Destination.Queue) message.destination();
        return sqs.sendMessage(SendMessageRequest.builder()
                        .queueUrl(queue.url())
                        .messageBody(message.body())
                        .messageAttributes(sqsAttributes(attributesOf(message)))
                        .build())
                .messageId();
    }

    /** Splits one destination's messages into requests of at most 10 entries and the batch byte limit. */
    private List<List<Integer>> batches(List<Prepared> messages, List<Integer> indexes) {
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long bytes = 0;
        for (int index : indexes) {
            long size = messages.get(index).bytes();
            if (current.size() == MAX_BATCH_ENTRIES || (!current.isEmpty() && bytes + size > maxMessageBytes)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(index);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private void sendBatch(Destination destination, List<Prepared> messages, List<Integer> batch, PublishReceipt[] receipts,
            Map<Integer, Refusal> failed) {
        Map<String, Refusal> refused = new LinkedHashMap<>();
        List<Integer> pending = batch;
        for (int attempt = 1; attempt <= 2 && !pending.isEmpty(); attempt++) {
            refused.clear();
            Map<String, String> sent;
            try {
                sent = destination instanceof Destination.Topic topic
                        ? publishBatch(topic, messages, pending, refused)
                        : sendMessageBatch((Destination.Queue) destination, messages, pending, refused);
            } catch (SdkException e) {
                sent = Map.of();
                for (int index : pending) {
                    refused.put(Integer.toString(index), new Refusal(e.getClass().getSimpleName(), e.getMessage(), true));
                }
            }
            sent.forEach((entryId, messageId) -> {
                int index = Integer.parseInt(entryId);
                receipts[index] = messages.get(index).receipt(messageId);
            });
            pending = refused.keySet().stream().map(Integer::parseInt).toList();
        }
        refused.forEach((entryId, why) -> failed.put(Integer.parseInt(entryId), why));
    }

    private Map<String, String> publishBatch(Destination.Topic topic, List<Prepared> messages, List<Integer> batch,
            Map<String, Refusal> refused) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int index : batch) {
            Prepared message = messages.get(index);
            entries.add(PublishBatchRequestEntry.builder()
                    .id(Integer.toString(index))
                    .message(message.encoded().body())
                    .messageAttributes(snsAttributes(attributesOf(message.encoded())))
                    .build());
        }
        PublishBatchResponse response = sns.publishBatch(r -> r.topicArn(topic.arn()).publishBatchRequestEntries(entries));
        response.failed().forEach(f -> refused.put(f.id(), new Refusal(f.code(), f.message(), false)));
        Map<String, String> sent = new LinkedHashMap<>();
        response.successful().forEach(ok -> sent.put(ok.id(), ok.messageId()));
        return sent;
    }

    private Map<String, String> sendMessageBatch(Destination.Queue queue, List<Prepared> messages, List<Integer> batch,
            Map<String, Refusal> refused) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int index : batch) {
            Prepared message = messages.get(index);
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(index))
                    .messageBody(message.encoded().body())
                    .messageAttributes(sqsAttributes(attributesOf(message.encoded())))
                    .build());
        }
        SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queue.url()).entries(entries));
        response.failed().forEach(f -> refused.put(f.id(), new Refusal(f.code(), f.message(), false)));
        Map<String, String> sent = new LinkedHashMap<>();
        response.successful().forEach(ok -> sent.put(ok.id(), ok.messageId()));
        return sent;
    }

    private static Map<String, String> attributesOf(EncodedEvent message) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(MessageAttributes.EVENT_TYPE, message.event());
        attributes.put(MessageAttributes.EVENT_VERSION, message.version().toString());
        if (message.traceparent() != null) {
            attributes.put(MessageAttributes.TRACEPARENT, message.traceparent());
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
        private EventCatalog catalog;
        private final Map<String, String> topicArns = new LinkedHashMap<>();
        private final Map<String, String> queueUrls = new LinkedHashMap<>();
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

        /** Explicit routes, for applications without an event catalog (no schema validation then). */
        public Builder routes(Routes routes) {
            this.routes = routes;
            return this;
        }

        /**
         * Routes, versions and schemas from the event catalog: every payload is validated before it is
         * sent. Say where the catalog's channels live with {@link #topic} and {@link #queue}.
         */
        public Builder catalog(EventCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The ARN of the catalog's topic {@code channel} (e.g. {@code order-events}) in this deployment. */
        public Builder topic(String channel, String topicArn) {
            topicArns.put(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(topicArn, "topicArn"));
            return this;
        }

        /** The URL of the catalog's queue {@code channel} (e.g. {@code monolith-inbox}) in this deployment. */
        public Builder queue(String channel, String queueUrl) {
            queueUrls.put(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(queueUrl, "queueUrl"));
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
            Routes effective = routes;
            if (catalog != null) {
                if (routes != null) {
                    throw new IllegalStateException("give either a catalog (routes come from it) or explicit routes, not both");
                }
                effective = Routes.fromCatalog(catalog, topicArns, queueUrls);
            } else if (!topicArns.isEmpty() || !queueUrls.isEmpty()) {
                throw new IllegalStateException("topic() and queue() name catalog channels; give the catalog too");
            }
            Objects.requireNonNull(effective, "routes are required: an event catalog, or explicit routes");
            for (String event : effective.events()) {
                Destination destination = effective.routeFor(event).orElseThrow().destination();
                if (destination instanceof Destination.Topic && sns == null) {
                    throw new IllegalStateException("\"" + event + "\" is routed to an SNS topic, but no SnsClient was given");
                }
                if (destination instanceof Destination.Queue && sqs == null) {
                    throw new IllegalStateException("\"" + event + "\" is routed to an SQS queue, but no SqsClient was given");
                }
            }
            return new EventBus(this, effective);
        }
    }
}
