package dev.eventbus.bench.faults;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.eventbus.bench.Sqs;
import dev.eventbus.events.Events;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Handlers;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.Worker;
import dev.eventbus.worker.WorkerConfig;
import dev.eventbus.worker.admin.ShutdownSignal;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One worker process of the fault suite: our {@link Worker} as a service team runs it (catalog, Redis
 * dedupe, default settings, SIGTERM through {@link ShutdownSignal}), consuming {@code scholarship.won}
 * as the catalog's subscriber {@value #CONSUMER}. Its handler works a little (a few of them for about a
 * visibility timeout, so the heartbeat has leases to extend) and then performs its one side effect
 * through {@code event.once}: an entry in the {@link Ledger}. Every outcome, redelivery and warning goes
 * to the ledger too, and so does every lease-lost warning, with whether the handler had already returned.
 *
 * <p>Arguments ({@code key=value}): {@code endpoint} (SQS), {@code queue}, {@code dedupe} (Redis URI),
 * {@code ledgerPort}, {@code slowPercent}, {@code visibilitySeconds} (the queue's). Prints {@code READY} once polling, and returns from
 * {@code main} (exit status 0) after a graceful stop on SIGTERM.
 */
public final class FaultWorker {

    /** The catalog lists this consumer as scholarship.won's subscriber. */
    static final String CONSUMER = "monolith";

    private FaultWorker() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Sqs.keyValues(args);
        ShutdownSignal signal = ShutdownSignal.install();
        try (Ledger ledger = Ledger.connect(Integer.parseInt(a.get("ledgerPort")));
                SqsClient sqs = Sqs.client(URI.create(a.get("endpoint")));
                RedisDedupeStore store = RedisDedupeStore.connect(URI.create(a.get("dedupe")))) {
            HandlerWatch watch = new HandlerWatch();
            LedgerAppender.install(ledger, watch);
            int slowPercent = Integer.parseInt(a.get("slowPercent"));
            Duration visibility = Duration.ofSeconds(Long.parseLong(a.get("visibilitySeconds")));
            String queueUrl = a.get("queue");
            try (Worker worker = Worker.builder().sqs(sqs).queueUrl(queueUrl).consumer(CONSUMER)
                    .catalog(EventCatalog.load())
                    .dedupe(store)
                    .config(WorkerConfig.defaults())
                    .interceptor(new Bookkeeping(ledger))
                    .handlers(Handlers.builder()
                            .on(Events.SCHOLARSHIP_WON_V1, event -> {
                                watch.started(event.messageId());
                                boolean returned = false;
                                try {
                                    Thread.sleep(workFor(event.id(), slowPercent, visibility));
                                    event.once("effect", () -> ledger.effect(event.id(), event.receiveCount()));
                                    returned = true;
                                } finally {
                                    watch.ended(event.messageId(), returned);
                                }
                            })
                            .build())
                    .build()) {
                worker.start();
                System.out.println("READY");
                System.out.flush();
                signal.await();
            }
        }
        System.out.println("STOPPED");
    }

    /**
     * How long the handler of an event works before its side effect, the same on every attempt: a few
     * milliseconds, or, for {@code slowPercent} of the events, 0.6 to 1.4 visibility timeouts, long enough
     * for the heartbeat to extend their leases once or twice.
     */
    static Duration workFor(String eventId, int slowPercent, Duration visibility) {
        int hash = eventId.hashCode();
        int spread = Math.floorMod(hash >>> 7, 1000);
        if (Math.floorMod(hash, 100) < slowPercent) {
            return Duration.ofMillis((long) (visibility.toMillis() * (0.6 + 0.8 * spread / 1000.0)));
        }
        return Duration.ofMillis(spread % 5);
    }

    /**
     * An application interceptor that records each redelivery and each outcome in the ledger. It leaves a
     * pending interrupt of the message's thread where it found it, so its own Redis calls neither consume one
     * the worker should see nor fail because of one.
     */
    private record Bookkeeping(Ledger ledger) implements Interceptor {
        @Override
        public Outcome intercept(Chain chain) {
            Delivery delivery = chain.delivery();
            if (delivery.receiveCount() > 1) {
                quietly(() -> ledger.redelivered(delivery.messageId(), delivery.receiveCount()));
            }
            Outcome outcome = chain.proceed(delivery);
            quietly(() -> ledger.outcome(outcome.name()));
            return outcome;
        }

        private static void quietly(Runnable write) {
            boolean interrupted = Thread.interrupted();
            try {
                write.run();
            } catch (RuntimeException e) {
                System.err.println("fault worker: a ledger write failed: " + e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * How each message's handler last ended in this process: still running, returned normally (and when),
     * or ended by throwing (an interrupt that reached it while it ran ends it so).
     */
    static final class HandlerWatch {
        private static final long NOT_RETURNED = -1;
        private final Map<String, Long> returnedAt = new ConcurrentHashMap<>();

        void started(String messageId) {
            returnedAt.put(messageId, NOT_RETURNED);
        }

        void ended(String messageId, boolean returnedNormally) {
            returnedAt.put(messageId, returnedNormally ? System.currentTimeMillis() : NOT_RETURNED);
        }

        boolean knows(String messageId) {
            return returnedAt.containsKey(messageId);
        }

        /** Milliseconds since the message's handler returned normally, or -1 while it runs (or when it threw, or never ran here). */
        long sinceReturned(String messageId) {
            long at = returnedAt.getOrDefault(messageId, NOT_RETURNED);
            return at == NOT_RETURNED ? -1 : System.currentTimeMillis() - at;
        }
    }

    /**
     * Sends every warning the worker logs to the ledger, counted by template; a lease-lost warning of the
     * heartbeat also with how long after its handler returned it came and whether it interrupts the
     * handler (a stray interrupt when both).
     */
    static final class LedgerAppender extends AppenderBase<ILoggingEvent> {
        private static final Pattern MESSAGE_ID = Pattern.compile("message (\\S+)");
        private final Ledger ledger;
        private final HandlerWatch watch;
        private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);

        private LedgerAppender(Ledger ledger, HandlerWatch watch) {
            this.ledger = ledger;
            this.watch = watch;
        }

        static void install(Ledger ledger, HandlerWatch watch) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            LedgerAppender appender = new LedgerAppender(ledger, watch);
            appender.setContext(context);
            appender.setName("ledger");
            appender.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (!event.getLevel().isGreaterOrEqual(Level.WARN) || inside.get()) {
                return; // the ledger's own client logging about a failure must not recurse
            }
            inside.set(true);
            boolean interrupted = Thread.interrupted();
            try {
                ledger.warning(event.getLoggerName(), event.getMessage());
                String text = event.getFormattedMessage();
                if (event.getLoggerName().endsWith(".Heartbeat") && text.contains("lost")) {
                    String messageId = messageId(event);
                    ledger.leaseLost(messageId, watch.sinceReturned(messageId), text.contains("interrupt"));
                }
            } catch (RuntimeException e) {
                System.err.println("fault worker: a ledger write failed: " + e);
            } finally {
                inside.set(false);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The message the warning is about: an argument this process handled, else the word after "message". */
        private String messageId(ILoggingEvent event) {
            Object[] arguments = event.getArgumentArray();
            if (arguments != null) {
                for (Object argument : arguments) {
                    if (argument instanceof String s && watch.knows(s)) {
                        return s;
                    }
                }
            }
            Matcher m = MESSAGE_ID.matcher(event.getFormattedMessage());
            return m.find() ? m.group(1) : "?";
        }
    }
}
