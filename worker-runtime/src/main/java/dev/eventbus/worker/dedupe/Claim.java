package dev.eventbus.worker.dedupe;

import java.util.Objects;

/** The answer to an attempt to claim an event's key. */
public sealed interface Claim {

    /**
     * This attempt owns the key until its lease runs out; {@code token} proves it to complete,
     * release and extend.
     */
    record Claimed(String key, String token, String payloadHash) implements Claim {
        public Claimed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(payloadHash, "payloadHash");
        }
    }

    /** The event was handled before; {@code payloadHash} is the hash of the payload that was handled. */
    record AlreadyDone(String payloadHash) implements Claim {}

    /** Another attempt (on this or another worker) holds the key right now. */
    record HeldElsewhere() implements Claim {}
}
