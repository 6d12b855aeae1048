package dev.eventbus.worker.logging;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Failure;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The outermost step: sets the MDC fields for the message (the decode step adds the event's) and logs
 * its outcome in one line: acked, duplicate and skipped at DEBUG, retries and releases at INFO, dead
 * letters and lost leases at WARN. Never logs the payload.
 */
public final class LoggingInterceptor implements Interceptor {

    private static final Logger log = LoggerFactory.getLogger("dev.eventbus.worker.handled");

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        Mdc.putDelivery(delivery);
        long started = System.nanoTime();
        try {
            Outcome outcome = chain.proceed(delivery);
            MDC.put(Mdc.OUTCOME, outcome.name());
            long millis = (System.nanoTime() - started) / 1_000_000;
            switch (outcome) {
                case Outcome.Acked acked -> log.debug("handled in {} ms", millis);
                case Outcome.Duplicate duplicate -> log.debug("duplicate, acked without running the handler");
                case Outcome.Skipped skipped -> log.debug("skipped: the catalog does not list this consumer as a subscriber of this event");
                case Outcome.RetryLater retry -> log.info("retry in {} ms: {}", retry.delay().toMillis(), describe(retry.failure()));
                case Outcome.DeadLettered dead -> log.warn("dead-lettered: {}", describe(dead.failure()));
                case Outcome.Released released -> log.info("released: {}", released.why());
                case Outcome.LeaseLost lost -> log.warn("lease lost: {}", lost.why());
            }
            return outcome;
        } finally {
            Mdc.clear();
        }
    }

    private static String describe(Failure failure) {
        StringBuilder text = new StringBuilder(failure.reason().code());
        if (!failure.errorClass().isEmpty()) {
            text.append(' ').append(failure.errorClass());
        }
        if (!failure.handler().isEmpty()) {
            text.append(" in ").append(failure.handler());
        }
        text.append(" [fingerprint ").append(failure.fingerprint()).append("]: ").append(failure.message());
        return text.toString();
    }
}
