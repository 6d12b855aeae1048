package dev.eventbus.worker.dedupe;

import dev.eventbus.worker.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Remembers which steps of a handler completed for one event, so a retry after a partial failure skips
 * them. Backs {@link Event#once(String, Event.Step)}; attached to the delivery by the dedupe step, one
 * per attempt.
 *
 * <p>A step that ran but whose marker the store refused is owed: this attempt skips it if the handler
 * runs again, and the dedupe step writes the marker, retrying while the message is in hand, before it
 * lets anyone else attempt the event.
 */
public final class Steps {

    /** Longest step name; names are the handler's own constants, not data. */
    public static final int MAX_NAME_LENGTH = 200;

    private final DedupeStore store;
    private final String claimKey;
    private final Duration ttl;
    private final Consumer<DedupeUnavailableException> storeFailed;
    private final List<String> owed = new ArrayList<>();

    Steps(DedupeStore store, String claimKey, Duration ttl, Consumer<DedupeUnavailableException> storeFailed) {
        this.store = store;
        this.claimKey = claimKey;
        this.ttl = ttl;
        this.storeFailed = storeFailed;
    }

    /**
     * Runs {@code action} unless an attempt at this event completed the step {@code name}.
     *
     * @throws DedupeUnavailableException if the store cannot say whether the step ran; the attempt is
     *     then retried without running it
     */
    public void once(String name, Event.Step action) throws Exception {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a step needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
        }
        synchronized (this) {
            if (owed.contains(name)) {
                return;
            }
        }
        boolean done;
        try {
            done = store.stepDone(claimKey, name);
        } catch (DedupeUnavailableException e) {
            storeFailed.accept(e);
            throw e;
        }
        if (done) {
            return;
        }
        action.run();
        try {
            store.markStepDone(claimKey, name, ttl);
        } catch (DedupeUnavailableException e) {
            storeFailed.accept(e);
            synchronized (this) {
                owed.add(name);
            }
        }
    }

    /** True while a completed step's marker is not written yet. */
    synchronized boolean owesMarkers() {
        return !owed.isEmpty();
    }

    /** The completed steps whose markers are not written yet. */
    synchronized List<String> owed() {
        return List.copyOf(owed);
    }

    /** Writes the owed markers; throws {@link DedupeUnavailableException}, keeping those not written, if the store fails. */
    void writeOwed() {
        for (String name : owed()) {
            store.markStepDone(claimKey, name, ttl);
            synchronized (this) {
                owed.remove(name);
            }
        }
    }
}
