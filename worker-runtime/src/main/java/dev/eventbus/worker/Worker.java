package dev.eventbus.worker;

import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.worker.internal.Acknowledger;
import dev.eventbus.worker.internal.DecodeInterceptor;
import dev.eventbus.worker.internal.Dispatcher;
import dev.eventbus.worker.internal.HandlerInvoker;
import dev.eventbus.worker.internal.InFlight;
import dev.eventbus.worker.internal.Poller;
import dev.eventbus.worker.internal.QueueSettings;
import dev.eventbus.worker.retry.Classifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Consumes one SQS queue: long-polls it, runs each message through the interceptor chain to its
 * handler, and acknowledges the outcome.
 *
 * <p>The chain, outermost first, is the list built in {@link Builder#build()}: the application's own
 * interceptors, then decode (envelope, handler lookup, payload mapping), then the handler. When a
 * message is acked, retried and dead-lettered is described on {@link Outcome}.
 *
 * <p>{@link #start()} returns at once; polling and handling run on virtual threads. {@link #close()}
 * stops gracefully: no new polls (an in-flight long poll is aborted), running handlers get the shutdown
 * grace period to finish, messages not yet started are released, and pending deletes are flushed.
 */
public final class Worker implements AutoCloseable {

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
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final InFlight inFlight;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile Acknowledger acknowledger;
    private volatile Dispatcher dispatcher;
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
        this.inFlight = new InFlight(config.maxInFlight());
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
        Classifier classifier = new Classifier(config.retry(), RandomGenerator.getDefault());
        this.acknowledger = new Acknowledger(sqs, queueUrl, settings.dlqUrl(), config.ackFlushInterval(), clock, Acknowledger.Listener.NONE);
        this.dispatcher = new Dispatcher(chain(classifier), acknowledger, classifier, inFlight, running -> { });
        for (int i = 0; i < config.pollers(); i++) {
            Poller poller = new Poller(sqs, queueUrl, config.maxMessagesPerPoll(), config.waitTime(), config.visibilityTimeout(),
                    inFlight, dispatcher, acknowledger, this::stopping, () -> false, clock, Poller.Listener.NONE);
            pollers.add(Thread.ofVirtual().name("eventbus-poller-" + consumer + "-" + i).start(poller));
        }
        log.info("worker {} started on {}: {} pollers, at most {} in flight, visibility {} s, {}; handles {}",
                consumer, queueUrl, config.pollers(), config.maxInFlight(), visibility().toSeconds(),
                settings.hasDlq() ? "DLQ " + settings.dlqUrl() + " after " + settings.maxReceiveCount() + " receives" : "no DLQ",
                handlers.events());
        if (!settings.hasDlq()) {
            log.warn("queue {} has no redrive policy: messages that can never succeed stay on it instead of reaching a DLQ", queueUrl);
        }
        return this;
    }

    /**
     * The interceptor chain, outermost first. This list is the worker's architecture: read it top to
     * bottom to see what happens to a message.
     */
    private List<Interceptor> chain(Classifier classifier) {
        List<Interceptor> chain = new ArrayList<>(applicationInterceptors);
        chain.add(new DecodeInterceptor(codec, handlers));
        chain.add(new HandlerInvoker(classifier));
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
        pollers.forEach(Thread::interrupt);
        try {
            for (Thread poller : pollers) {
                poller.join(Duration.ofSeconds(5));
            }
            if (!dispatcher.awaitIdleFor(config.shutdownGrace())) {
                log.warn("worker {}: {} handlers still running after the {} s shutdown grace; interrupting them",
                        consumer, dispatcher.running().size(), config.shutdownGrace().toSeconds());
                dispatcher.interruptRunning();
                dispatcher.awaitIdleFor(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            acknowledger.close();
            state.set(State.STOPPED);
            log.info("worker {} stopped in {} ms", consumer, (System.nanoTime() - started) / 1_000_000);
        }
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

    private boolean stopping() {
        return state.get() != State.RUNNING;
    }

    private Duration visibility() {
        return config.visibilityTimeout() != null ? config.visibilityTimeout() : queue.visibilityTimeout();
    }

    private static String queueName(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    /** Builds a {@link Worker}. {@code sqs}, {@code queueUrl} and {@code handlers} are required. */
    public static final class Builder {
        private SqsClient sqs;
        private String queueUrl;
        private String consumer;
        private Handlers handlers;
        private WorkerConfig config = WorkerConfig.defaults();
        private final List<Interceptor> interceptors = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private EnvelopeCodec codec = new EnvelopeCodec();
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

        /** The consuming service's name; defaults to the queue's name. */
        public Builder consumer(String consumer) {
            this.consumer = consumer;
            return this;
        }

        public Builder handlers(Handlers handlers) {
            this.handlers = handlers;
            return this;
        }

        public Builder config(WorkerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Adds an application interceptor (tracing, say); they run in the order added, outside decoding. */
        public Builder interceptor(Interceptor interceptor) {
            this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
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
            return new Worker(this);
        }
    }
}
