package dev.eventbus.worker;

import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.dedupe.DedupeInterceptor;
import dev.eventbus.worker.dedupe.DedupeKeys;
import dev.eventbus.worker.dedupe.DedupeStore;
import dev.eventbus.worker.dedupe.FailureRecord;
import dev.eventbus.worker.dedupe.StoreCircuit;
import dev.eventbus.worker.internal.Acknowledger;
import dev.eventbus.worker.internal.DecodeInterceptor;
import dev.eventbus.worker.internal.Dispatcher;
import dev.eventbus.worker.internal.HandlerInvoker;
import dev.eventbus.worker.internal.Heartbeat;
import dev.eventbus.worker.internal.InFlight;
import dev.eventbus.worker.internal.LeaseInterceptor;
import dev.eventbus.worker.internal.Poller;
import dev.eventbus.worker.internal.QueueSettings;
import dev.eventbus.worker.logging.LoggingInterceptor;
import dev.eventbus.worker.metrics.MetricsInterceptor;
import dev.eventbus.worker.metrics.WorkerMetrics;
import dev.eventbus.worker.retry.Classifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Consumes one SQS queue: long-polls it, runs each message through the interceptor chain to its
 * handler, and acknowledges the outcome.
 *
 * <p>The chain, outermost first, is the list in {@code chain()}: logging (MDC), metrics, the
 * application's own interceptors (tracing, say), decode (envelope, handler lookup, schema check,
 * upcasting, payload mapping), dedupe (claim, then complete or release; left out with
 * {@code DedupeStore.none()}) inside the lease (the heartbeat keeps the message from before its claim
 * until its outcome is settled), and the handler (interruptible only while it runs, by its time limit
 * or a lost lease). When a message is acked, skipped, retried and dead-lettered is described on
 * {@link Outcome}. The messages of one receive claim
 * their events in one store call, and a batch of deletes marks its events done in one store call just
 * before it goes out, so Redis dedupe costs two round trips per batch rather than two per message.
 *
 * <p>{@link #start()} returns at once; polling and handling run on virtual threads. {@link #close()}
 * stops gracefully: no new polls (one in progress is let finish, at most the long-poll wait, and its
 * messages are released: an aborted long poll would go on taking messages on the SQS side and strand
 * them), running handlers get the shutdown grace period to finish and are then interrupted and
 * released, messages not yet started are released (visible again at once), and pending deletes and
 * visibility changes are sent. The dedupe store and
 * the SQS client belong to the caller, who closes them after the worker.
 */
public final class Worker implements AutoCloseable {

    /** Whether a worker can take messages now, and if not, why. */
    public record Health(boolean ready, String detail) {}

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String consumer;
    private final Handlers handlers;
    private final WorkerConfig config;
    private final List<Interceptor> applicationInterceptors;
    private final Clock clock;
    private final EnvelopeCodec codec;
    private final String dlqUrlOverride;
    private final DedupeStore dedupe;
    private final EventCatalog catalog;
    private final StoreCircuit circuit;
    private final WorkerMetrics metrics;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final InFlight inFlight;
    private final List<Thread> pollerThreads = new ArrayList<>();
    private final List<Poller> pollers = new ArrayList<>();
    private volatile Acknowledger acknowledger;
    private volatile Dispatcher dispatcher;
    private volatile Heartbeat heartbeat;
    private volatile QueueSettings queue;

    private Worker(Builder b) {
        this.sqs = b.sqs;
        this.queueUrl = b.queueUrl;
        this.consumer = b.consumer != null ? b.consumer : queueName(b.queueUrl);
        this.handlers = b.handlers;
        this.config = b.config;
        this.applicationInterceptors = List.copyOf(b.interceptors);
        this.clock = b.clock;
        this.codec = b.codec;
        this.dlqUrlOverride = b.dlqUrl;
        this.dedupe = b.dedupe;
        this.catalog = b.catalog;
        this.circuit = new StoreCircuit(b.dedupe);
        this.inFlight = new InFlight(config.maxInFlight());
        Set<String> tagged = new TreeSet<>(handlers.events());
        if (b.catalog != null) {
            b.catalog.events().forEach(e -> tagged.add(e.name()));
        }
        this.metrics = new WorkerMetrics(b.meterRegistry, consumer, tagged, clock, config.percentileHistograms());
        this.metrics.bindGauges(inFlight::messages, inFlight::peak, inFlight.max(), () -> !circuit.isOpen());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the queue's settings and starts polling. Throws if the queue cannot be read. */
    public synchronized Worker start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("a worker starts once; this one is " + state.get());
        }
        QueueSettings settings = QueueSettings.lookup(sqs, queueUrl);
        if (dlqUrlOverride != null) {
            settings = new QueueSettings(settings.arn(), settings.visibilityTimeout(), dlqUrlOverride, settings.maxReceiveCount());
        }
        this.queue = settings;
        circuit.watch(StoreCircuit.DEFAULT_WATCH_INTERVAL);
        Classifier classifier = new Classifier(config.retry(), RandomGenerator.getDefault());
        DedupeInterceptor dedupeStep = dedupe == DedupeStore.none() ? null : new DedupeInterceptor(dedupe, consumer, catalog,
                visibility(), config.dedupeTtl(), config.failureTtl(), config.handlerTimeout(), settings.maxReceiveCount(), classifier,
                circuit, metrics, clock);
        this.acknowledger = new Acknowledger(sqs, queueUrl, consumer, settings.dlqUrl(), config.ackFlushInterval(), clock, codec,
                metrics, dedupeStep == null ? claims -> { } : dedupeStep::completeAll);
        this.heartbeat = new Heartbeat(sqs, queueUrl, visibility(), config.handlerTimeout(), dedupe, metrics, e -> {
            metrics.dedupeStoreFailed();
            circuit.open(e);
        });
        this.dispatcher = new Dispatcher(chain(dedupeStep, classifier), acknowledger, classifier, inFlight,
                dedupeStep == null ? null : dedupe);
        for (int i = 0; i < config.pollers(); i++) {
            Poller poller = new Poller(sqs, queueUrl, config.maxMessagesPerPoll(), config.waitTime(), config.visibilityTimeout(),
                    inFlight, dispatcher, acknowledger, this::stopping, circuit::isOpen, clock, metrics);
            pollers.add(poller);
            pollerThreads.add(Thread.ofVirtual().name("eventbus-poller-" + consumer + "-" + i).start(poller));
        }
        log.info("worker {} started on {}: {} pollers, at most {} in flight, visibility {} s, {}, dedupe: {}; handles {}",
                consumer, queueUrl, config.pollers(), config.maxInFlight(), visibility().toSeconds(),
                settings.hasDlq() ? "DLQ " + settings.dlqUrl() + " after " + settings.maxReceiveCount() + " receives" : "no DLQ",
                dedupe, handlers.events());
        if (!settings.hasDlq()) {
            log.warn("queue {} has no redrive policy: messages that can never succeed stay on it instead of reaching a DLQ", queueUrl);
        }
        return this;
    }

    /**
     * The interceptor chain, outermost first. This list is the worker's architecture: read it top to
     * bottom to see what happens to a message.
     */
    private List<Interceptor> chain(DedupeInterceptor dedupeStep, Classifier classifier) {
        List<Interceptor> chain = new ArrayList<>();
        chain.add(new LoggingInterceptor());
        chain.add(new MetricsInterceptor(metrics));
        chain.addAll(applicationInterceptors);
        chain.add(new DecodeInterceptor(codec, handlers, catalog, consumer));
        chain.add(new LeaseInterceptor(heartbeat));
        if (dedupeStep != null) {
            chain.add(dedupeStep);
        }
        chain.add(new HandlerInvoker(classifier, metrics));
        return chain;
    }

    /** Stops gracefully, waiting at most the configured shutdown grace for running handlers. */
    @Override
    public void close() {
        State previous = state.getAndUpdate(s -> s == State.RUNNING ? State.STOPPING : s);
        if (previous != State.RUNNING) {
            state.compareAndSet(State.NEW, State.STOPPED);
            return;
        }
        long started = System.nanoTime();
        try {
            // Receives in progress are let finish (see Poller) while the handlers get their grace.
            for (int i = 0; i < pollers.size(); i++) {
                pollers.get(i).requestStop(pollerThreads.get(i));
            }
            heartbeat.releaseWaiting();
            if (!dispatcher.awaitIdleFor(config.shutdownGrace())) {
                log.warn("worker {}: {} messages still in hand after the {} s shutdown grace; interrupting their handlers and releasing"
                        + " them", consumer, heartbeat.held(), config.shutdownGrace().toSeconds());
                heartbeat.stopAll();
                if (!dispatcher.awaitIdleFor(Duration.ofSeconds(5))) {
                    log.warn("worker {}: {} messages still in hand 5 s after their handlers were interrupted; they return after their"
                            + " visibility timeout", consumer, heartbeat.held());
                }
            }
            Duration pollBound = config.waitTime().plusSeconds(5);
            for (int i = 0; i < pollers.size(); i++) {
                pollers.get(i).awaitStopped(pollerThreads.get(i), pollBound);
            }
            // A receive that returned while the handlers finished may have dispatched a last message.
            dispatcher.awaitIdleFor(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heartbeat.close();
            acknowledger.close();
            circuit.close();
            state.set(State.STOPPED);
            log.info("worker {} stopped in {} ms", consumer, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Ready when running, polling successfully, and its dedupe store answers. */
    public Health health() {
        State current = state.get();
        if (current != State.RUNNING) {
            return new Health(false, "worker is " + current.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (circuit.isOpen()) {
            return new Health(false, "dedupe store unavailable; polling paused");
        }
        if (pollers.stream().anyMatch(Poller::failing)) {
            return new Health(false, "receiving from the queue fails");
        }
        return new Health(true, "polling " + queueName(queueUrl) + ", " + inFlight.messages() + " in flight");
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /** The name this worker consumes under (dedupe keys and metric tags use it). */
    public String consumer() {
        return consumer;
    }

    /** Messages received and not yet finished. */
    public int inFlight() {
        return inFlight.messages();
    }

    /** The most messages this worker ever had in flight at once. */
    public int peakInFlight() {
        return inFlight.peak();
    }

    /**
     * The last failure of an event at this consumer, by its event id: why it failed, where, how many
     * attempts. Still there after the redrive policy moved the message to the DLQ.
     */
    public Optional<FailureRecord> lastFailure(String event, String eventId) {
        return dedupe.lastFailure(DedupeKeys.failureKeyForEventId(consumer, event, eventId));
    }

    private boolean stopping() {
        return state.get() != State.RUNNING;
    }

    private Duration visibility() {
        return config.visibilityTimeout() != null ? config.visibilityTimeout() : queue.visibilityTimeout();
    }

    private static String queueName(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    /**
     * Builds a {@link Worker}. {@code sqs}, {@code queueUrl}, {@code handlers} and {@code dedupe} are
     * required: the choice of dedupe store is explicit, because running without one means handlers see
     * duplicates.
     */
    public static final class Builder {
        private SqsClient sqs;
        private String queueUrl;
        private String consumer;
        private Handlers handlers;
        private DedupeStore dedupe;
        private EventCatalog catalog;
        private WorkerConfig config = WorkerConfig.defaults();
        private final List<Interceptor> interceptors = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private EnvelopeCodec codec = new EnvelopeCodec();
        private MeterRegistry meterRegistry = new SimpleMeterRegistry();
        private String dlqUrl;

        private Builder() {}

        public Builder sqs(SqsClient sqs) {
            this.sqs = sqs;
            return this;
        }

        public Builder queueUrl(String queueUrl) {
            this.queueUrl = queueUrl;
            return this;
        }

        /** The consuming service's name; defaults to the queue's name. Dedupe keys and metric tags use it. */
        public Builder consumer(String consumer) {
            this.consumer = consumer;
            return this;
        }

        public Builder handlers(Handlers handlers) {
            this.handlers = handlers;
            return this;
        }

        /**
         * Where claims and done markers live: a {@code RedisDedupeStore} in production,
         * {@code DedupeStore.none()} only when every handler is idempotent by itself.
         */
        public Builder dedupe(DedupeStore dedupe) {
            this.dedupe = Objects.requireNonNull(dedupe, "dedupe");
            return this;
        }

        /**
         * The event catalog: payloads are then checked against their event's schema before any handler
         * sees them (tolerantly: newer minors pass), and a breaking one is dead-lettered as
         * {@code schema_violation}.
         */
        public Builder catalog(EventCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        public Builder config(WorkerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Adds an application interceptor (tracing, say); they run in the order added, before decoding. */
        public Builder interceptor(Interceptor interceptor) {
            this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Where the worker's meters go (a {@code PrometheusMeterRegistry} behind the admin port, typically). */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
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

        /** The DLQ to send non-retryable messages to; defaults to the one in the queue's redrive policy. */
        public Builder dlqUrl(String dlqUrl) {
            this.dlqUrl = dlqUrl;
            return this;
        }

        public Worker build() {
            Objects.requireNonNull(sqs, "an SqsClient is required");
            Objects.requireNonNull(queueUrl, "the queue URL is required");
            Objects.requireNonNull(handlers, "handlers are required");
            if (dedupe == null) {
                throw new IllegalStateException("choose a dedupe store: dedupe(RedisDedupeStore.connect(uri)) in production, "
                        + "or dedupe(DedupeStore.none()) if every handler is idempotent by itself");
            }
            return new Worker(this);
        }
    }
}
