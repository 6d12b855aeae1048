package dev.eventbus.worker.dedupe;

import dev.eventbus.worker.Event;
import java.time.Duration;

/**
 * Remembers which steps of a handler completed for one event, so a retry after a partial failure skips
 * them. Backs {@link Event#once(String, Event.Step)}; attached to the delivery by the dedupe step.
 */
public final class Steps {

    private final DedupeStore store;
    private final String claimKey;
    private final Duration ttl;

    Steps(DedupeStore store, String claimKey, Duration ttl) {
        this.store = store;
        this.claimKey = claimKey;
        this.ttl = ttl;
    }

    /** Runs {@code action} unless an earlier attempt at this event completed the step {@code name}. */
    public void once(String name, Event.Step action) throws Exception {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a step needs a name");
        }
        String stepKey = claimKey + ":step:" + name;
        if (store.stepDone(stepKey)) {
            return;
        }
        action.run();
        store.markStepDone(stepKey, ttl);
    }
}
