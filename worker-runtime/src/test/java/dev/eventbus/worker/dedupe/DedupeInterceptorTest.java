package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Event;
import dev.eventbus.worker.FailureReason;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.NonRetryableException;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.Registration;
import dev.eventbus.worker.internal.Heartbeat;
import dev.eventbus.worker.internal.LeaseInterceptor;
import dev.eventbus.worker.internal.RealChain;
import dev.eventbus.worker.internal.WorkerListener;
import dev.eventbus.worker.retry.Classifier;
import dev.eventbus.worker.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class DedupeInterceptorTest {

    record Order(long orderId) {}

    private static final int MAX_RECEIVE_COUNT = 4;
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDedupeStore memory = new InMemoryDedupeStore();
    /** Step markers the store refuses before it takes them again. */
    private final AtomicInteger refuseStepMarkers = new AtomicInteger();
    /** When set, the store goes away for 200 ms right after it took a step marker. */
    private final AtomicBoolean outageAfterNextMarker = new AtomicBoolean();
    private final DedupeStore store = new ForwardingStore(memory) {
        @Override
        public void markStepDone(String claimKey, String step, Duration ttl) {
            if (refuseStepMarkers.getAndDecrement() > 0) {
                throw new DedupeUnavailableException("OOM command not allowed when used memory > 'maxmemory'");
            }
            super.markStepDone(claimKey, step, ttl);
            if (outageAfterNextMarker.getAndSet(false)) {
                memory.setAvailable(false);
                Thread.ofVirtual().start(() -> {
                    sleep(200);
                    memory.setAvailable(true);
                });
            }
        }
    };
    private final StoreCircuit circuit = new StoreCircuit(store, Duration.ofMillis(10), Duration.ofMillis(50));
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger storeFailures = new AtomicInteger();
    private final List<String> handled = new ArrayList<>();
    private final WorkerListener listener = new WorkerListener() {
        @Override
        public void duplicate() {
            duplicates.incrementAndGet();
        }

        @Override
        public void dedupeStoreFailed() {
            storeFailures.incrementAndGet();
        }
    };
    private final Classifier classifier = new Classifier(RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8)),
            new SplittableRandom(3));
    private final DedupeInterceptor dedupe = new DedupeInterceptor(store, "notifications", null, LEASE, Duration.ofDays(15),
            Duration.ofDays(14), Duration.ofMinutes(15), MAX_RECEIVE_COUNT, classifier, circuit, listener, clock);
    /** Keeps leases without ever talking to SQS: nothing here stays in hand for half a minute. */
    private final Heartbeat heartbeat = new Heartbeat(null, "http://q", LEASE, Duration.ofMinutes(15), store, WorkerListener.NONE, e -> { });
    private final EnvelopeCodec codec = new EnvelopeCodec();

    @AfterEach
    void stop() {
        heartbeat.close();
        circuit.close();
    }

    private Delivery delivery(String id, String payload, int receiveCount) {
        String body = "{\"id\":\"" + id + "\",\"event\":\"order.completed\",\"version\":\"1.0\",\"timestamp\":\"2026-11-23T09:59:00Z\",\"payload\":"
                + payload + "}";
        Message message = Message.builder().messageId("m-" + handled.size()).receiptHandle("rh").body(body)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(receiveCount))).build();
        Registration<?> registration = Handlers.builder().on("order.completed", 1, Order.class, e -> { }).build().find("order.completed", 1)
                .orElseThrow();
        var envelope = codec.decode(body);
        return Delivery.of("http://q", message, clock.instant())
                .decoded(envelope, registration, codec.readPayload(envelope.payload(), Order.class));
    }

    /** Through the dedupe step alone, as a worker without a heartbeat would. */
    private Outcome handle(String id, String payload, Interceptor handler) {
        return RealChain.run(List.of(dedupe, handler), delivery(id, payload, 1));
    }

    /** Through the lease and the dedupe step, as a worker runs it. */
    private Outcome handleInHand(Delivery delivery, Interceptor handler) {
        return RealChain.run(List.of(new LeaseInterceptor(heartbeat), dedupe, handler), delivery);
    }

    private Interceptor succeeds() {
        return chain -> {
            handled.add(chain.delivery().envelope().id());
            return Outcome.acked();
        };
    }

    /** A handler made of {@code once} steps, as application code writes them. */
    private Interceptor steps(Event.Step... steps) {
        return chain -> {
            Steps guard = chain.delivery().tag(Steps.class);
            try {
                for (int i = 0; i < steps.length; i++) {
                    guard.once("step-" + i, steps[i]);
                }
                return Outcome.acked();
            } catch (Exception e) {
                return classifier.classify(e, chain.delivery(), "order.completed.v1");
            }
        };
    }

    @Test
    void theSecondDeliveryOfAHandledEventIsADuplicateAndSkipsTheHandler() {
        assertThat(handle("e-1", "{\"order_id\":1}", succeeds())).isEqualTo(Outcome.acked());
        assertThat(handle("e-1", "{\"order_id\":1}", succeeds())).isEqualTo(Outcome.duplicate());
        assertThat(handled).containsExactly("e-1");
        assertThat(duplicates).hasValue(1);
    }

    @Test
    void aReusedEventIdWithADifferentPayloadIsDeadLetteredInsteadOfSilentlySkipped() {
        handle("e-2", "{\"order_id\":1}", succeeds());

        Outcome outcome = handle("e-2", "{\"order_id\":999}", succeeds());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.DeadLettered.class, d -> {
            assertThat(d.failure().reason()).isEqualTo(FailureReason.ID_REUSED);
            assertThat(d.dedupeKey()).isEqualTo("id:e-2");
        });
        assertThat(handled).containsExactly("e-2");
    }

    @Test
    void aFailedAttemptReleasesItsClaimSoTheRetryRunsAndRecordsWhy() {
        Outcome failed = handle("e-3", "{\"order_id\":3}",
                chain -> classifier.classify(new IllegalStateException("smtp 451"), chain.delivery(), "send-email"));
        assertThat(failed).isInstanceOf(Outcome.RetryLater.class);
        assertThat(store.lastFailure(DedupeKeys.failureKeyForEventId("notifications", "order.completed", "e-3")))
                .hasValueSatisfying(r -> {
                    assertThat(r.reason()).isEqualTo("handler_error");
                    assertThat(r.failedAt()).isEqualTo(clock.instant());
                    assertThat(r.history()).hasSize(1);
                });

        assertThat(handle("e-3", "{\"order_id\":3}", succeeds())).isEqualTo(Outcome.acked());
    }

    @Test
    void aDeadLetteredAttemptReleasesItsClaimSoAReplayFromTheDlqRunsAgain() {
        handle("e-4", "{\"order_id\":4}", chain -> classifier.classify(new NonRetryableException("bad coupon"), chain.delivery(), "h"));

        assertThat(handle("e-4", "{\"order_id\":4}", succeeds())).isEqualTo(Outcome.acked());
    }

    @Test
    void whileAnotherAttemptHoldsTheEventItIsRetriedAfterTheBackoffButNoLaterThanThatAttemptsLeaseEnds() {
        Outcome inner = handle("e-5", "{\"order_id\":5}", chain -> handle("e-5", "{\"order_id\":5}", succeeds()));

        assertThat(inner).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> {
            assertThat(r.failure().reason()).isEqualTo(FailureReason.IN_PROGRESS_ELSEWHERE);
            assertThat(r.delay()).as("the retry policy's first backoff, 0.5 to 1 s").isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        });
        assertThat(handled).isEmpty();
    }

    @Test
    void contentionBeforeTheLastReceiveWaitsForTheOtherAttemptsWholeLease() {
        Claim.Claimed other = (Claim.Claimed) memory.claim(claimKey("e-6"), "h", Duration.ofSeconds(40));

        Outcome outcome = RealChain.run(List.of(dedupe, succeeds()), delivery("e-6", "{\"order_id\":6}", MAX_RECEIVE_COUNT - 1));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.RetryLater.class, r ->
                assertThat(r.delay()).as("the other attempt's 40 s lease, not the 4-8 s backoff").isBetween(Duration.ofSeconds(39),
                        Duration.ofSeconds(41)));
        assertThat(memory.release(other)).isTrue();
    }

    @Test
    void onTheLastReceiveAContendedMessageWaitsInHandForTheOtherAttemptInsteadOfGoingToTheDlqUnhandled() throws Exception {
        Claim.Claimed other = (Claim.Claimed) memory.claim(claimKey("e-7"), "h", Duration.ofMillis(300));

        Outcome outcome = handleInHand(delivery("e-7", "{\"order_id\":7}", MAX_RECEIVE_COUNT), succeeds());

        assertThat(outcome).isEqualTo(Outcome.acked());
        assertThat(handled).containsExactly("e-7");
        assertThat(memory.complete(other, LEASE)).as("the other attempt's lease had run out").isFalse();
    }

    @Test
    void aMessageInHandWaitsOutAStoreOutageWithoutSpendingAReceiveAndIsHandledOnceTheStoreTakesWrites() throws Exception {
        memory.setAvailable(false);
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(
                () -> handleInHand(delivery("e-8", "{\"order_id\":8}", 1), succeeds()), r -> Thread.ofVirtual().start(r));

        Thread.sleep(300);
        assertThat(outcome).as("still in hand").isNotDone();
        assertThat(circuit.isOpen()).isTrue();
        memory.setAvailable(true);

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.acked());
        assertThat(handled).containsExactly("e-8");
        assertThat(circuit.isOpen()).isFalse();
    }

    @Test
    void withoutAHeartbeatAnUnreachableStoreFailsClosedAndTheCircuitClosesWhenTheStoreAnswers() throws Exception {
        memory.setAvailable(false);

        Outcome outcome = handle("e-9", "{\"order_id\":9}", succeeds());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.RetryLater.class,
                r -> assertThat(r.failure().reason()).isEqualTo(FailureReason.DEDUPE_UNAVAILABLE));
        assertThat(handled).isEmpty();
        assertThat(storeFailures).hasValue(1);
        assertThat(circuit.isOpen()).isTrue();
        memory.setAvailable(true);
        assertThat(circuit.awaitClosed(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void aCompletedStepWhoseMarkerTheStoreRefusedIsNeverRepeated() throws Exception {
        AtomicInteger emails = new AtomicInteger();
        AtomicBoolean webhookDown = new AtomicBoolean(true);
        refuseStepMarkers.set(3);
        CompletableFuture<Outcome> first = CompletableFuture.supplyAsync(() -> handleInHand(delivery("e-10", "{\"order_id\":10}", 1),
                steps(emails::incrementAndGet, () -> {
                    if (webhookDown.get()) {
                        throw new IllegalStateException("webhook endpoint returned 503");
                    }
                })), r -> Thread.ofVirtual().start(r));

        // The email went out; its marker was refused, so the attempt waits in hand until the store takes it.
        assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(Outcome.RetryLater.class,
                r -> assertThat(r.failure().reason()).isEqualTo(FailureReason.HANDLER_ERROR));
        assertThat(memory.stepDone(claimKey("e-10"), "step-0")).as("marker written before the claim was released").isTrue();

        webhookDown.set(false);
        assertThat(handleInHand(delivery("e-10", "{\"order_id\":10}", 2), steps(emails::incrementAndGet, () -> { })))
                .isEqualTo(Outcome.acked());
        assertThat(emails).as("the email step ran once").hasValue(1);
    }

    @Test
    void aHandlerThatFailedOnlyBecauseTheStoreDidRunsAgainInTheSameReceiveOnceTheStoreAnswers() {
        AtomicInteger emails = new AtomicInteger();
        AtomicInteger webhooks = new AtomicInteger();
        outageAfterNextMarker.set(true);

        // The email's marker is written, then the store goes away: the webhook step cannot tell whether it ran.
        Outcome outcome = handleInHand(delivery("e-11", "{\"order_id\":11}", 1), steps(emails::incrementAndGet, webhooks::incrementAndGet));

        assertThat(outcome).isEqualTo(Outcome.acked());
        assertThat(emails).as("skipped by the second run").hasValue(1);
        assertThat(webhooks).hasValue(1);
        assertThat(storeFailures).hasPositiveValue();
    }

    @Test
    void aDeclaredBusinessKeyDeduplicatesEventsWithDifferentIds() {
        Registration<Order> keyed = Registration.of("order.completed", 1, Order.class, e -> { }).keyedBy(o -> Long.toString(o.orderId()));
        String body1 = "{\"id\":\"a\",\"event\":\"order.completed\",\"version\":\"1.0\",\"timestamp\":\"2026-11-23T09:59:00Z\",\"payload\":{\"order_id\":8}}";
        var envelope = codec.decode(body1);
        Delivery delivery = Delivery.of("http://q", Message.builder().messageId("m").receiptHandle("rh").body(body1).build(), clock.instant())
                .decoded(envelope, keyed, new Order(8));

        EventKeys keys = DedupeKeys.of("notifications", null, delivery);
        assertThat(keys.keyPart()).isEqualTo("key:8");
        assertThat(keys.claimKey()).isEqualTo("eventbus:dedupe:notifications:order.completed:key:8");
    }

    private static String claimKey(String eventId) {
        return "eventbus:dedupe:notifications:order.completed:id:" + eventId;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
