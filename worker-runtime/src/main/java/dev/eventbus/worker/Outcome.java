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
 *   <li>{@link RetryLater}: not handled yet; the message becomes visible again after {@code delay}. The
 *       queue's redrive policy (maxReceiveCount) ends the attempts.
 *   <li>{@link DeadLettered}: can never succeed; sent to the DLQ with the failure's attributes, then deleted.
 *   <li>{@link Released}: not started (the worker is stopping); visible again at once.
 *   <li>{@link LeaseLost}: the message's visibility lapsed while it ran, so another worker may own it;
 *       this worker leaves it alone.
 * </ul>
 */
public sealed interface Outcome {

    /** Every outcome's {@link #name()}: the bounded values of the {@code outcome} metric tag. */
    List<String> NAMES = List.of("acked", "duplicate", "retry", "dead_letter", "released", "lease_lost");

    /** The lowercase name used as the {@code outcome} metric tag and in logs. */
    String name();

    static Outcome acked() {
        return Acked.INSTANCE;
    }

    static Outcome duplicate() {
        return Duplicate.INSTANCE;
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

    record DeadLettered(Failure failure) implements Outcome {
        public DeadLettered {
            Objects.requireNonNull(failure, "failure");
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
