package dev.eventbus.cli.failure;

import java.util.Objects;

/** The store keys of one event at one consumer, as worker-runtime's {@code DedupeKeys} names them. */
public record EventKeys(String consumer, String event, String keyPart, String claimKey, String failureKey) {

    public EventKeys {
        Objects.requireNonNull(claimKey, "claimKey");
        Objects.requireNonNull(failureKey, "failureKey");
    }
}
