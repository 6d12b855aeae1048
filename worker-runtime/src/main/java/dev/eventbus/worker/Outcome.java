package dev.eventbus.worker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What became of one message, decided once by the interceptor chain and carried out by the
 * acknowledger:
 *
 * <ul>
 *   <li>{@link Acked}: handled; the message is deleted.
 *   <li>{@link Duplicate}: handled before (by this or another worker); deleted without running the handler.
 *   <li>{@link Skipped}: an event type the catalog knows but does not list this consumer as a subscriber
 *       of (it shares a topic with events the consumer wants); deleted without running anything.
 *   <li>{@link RetryLater}: not handled yet; the message becomes visible again after {@code delay}. The
 *       queue's redrive policy (maxReceiveCount) ends the attempts.
 *   <li>{@link DeadLettered}: can never succeed; sent to the DLQ with the failure's attributes, then deleted.
 *   <li>{@link Released}: not started (the worker is stopping); visible again at once.
 *   <li>{@link LeaseLost}: SQS refused to extend the message's visibility, or another attempt took its
 *       dedupe claim, while it was in hand, so another worker may own it; this worker leaves it alone.
 * </ul>
 */
public sealed interface Outcome {

    /** Every outcome's {@link #name()}: the bounded values of the {@code outcome} metric tag. */
    List<String> NAMES = List.of("acked", "duplicate", "skipped", "retry", "dead_letter", "released", "lease_lost");

    /** The lowercase name used as the {@code outcome} metric tag and in logs. */
    String name();

    static Outcome acked() {
        return Acked.INSTANCE;
    }

    static Outcome duplicate() {
        return Duplicate.INSTANCE;
    }

    static Outcome skipped() {
        return Skipped.INSTANCE;
    }

    record Acked() implements Outcome {
        static final Acked INSTANCE = new Acked();

        @Override
        public String name() {
            return "acked";
        }
    }

    record Duplicate() implements Outcome {
        static final Duplicate INSTANCE = new Duplicate();

        @Override
        public String name() {
            return "duplicate";
        }
    }

    record Skipped() implements Outcome {
        static final Skipped INSTANCE = new Skipped();

        @Override
        public String name() {
            return "skipped";
        }
    }

    record RetryLater(Duration delay, Failure failure) implements Outcome {
        public RetryLater {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(failure, "failure");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
        }

        @Override
        public String name() {
            return "retry";
        }
    }

    /**
     * Dead-lettered because of {@code failure}; {@code dedupeKey} is the key part the worker deduplicated
     * the event on ({@code id:...}), or {@code null} if it failed before one was chosen.
     */
    record DeadLettered(Failure failure, String dedupeKey) implements Outcome {
        public DeadLettered {
            Objects.requireNonNull(failure, "failure");
        }

        public DeadLettered(Failure failure) {
            this(failure, null);
        }

        public DeadLettered withDedupeKey(String dedupeKey) {
            return new DeadLettered(failure, dedupeKey);
        }

        @Override
        public String name() {
            return "dead_letter";
        }
    }

    record Released(String why) implements Outcome {
        @Override
        public String name() {
            return "released";
        }
    }

    record LeaseLost(String why) implements Outcome {
        @Override
        public String name() {
            return "lease_lost";
        }
    }
}
