package dev.eventbus.worker.dedupe;

import java.util.Objects;

/**
 * The dedupe store keys of one event at one consumer, as {@link DedupeKeys} names them.
 *
 * @param claimKey the key an attempt claims and marks done; also names the event's step markers
 * @param failureKey where the event's failed attempts are recorded
 * @param keyPart what identifies the event within the consumer and event type, tagged with where it came
 *     from: {@code id:<event id>}, {@code key:<business key>} or {@code msg:<SQS message id>} (encoded
 *     so it never contains {@code :} or other separators)
 */
public record EventKeys(String claimKey, String failureKey, String keyPart) {

    public EventKeys {
        Objects.requireNonNull(claimKey, "claimKey");
        Objects.requireNonNull(failureKey, "failureKey");
        Objects.requireNonNull(keyPart, "keyPart");
    }

    /** True when the event is keyed by a business key (the catalog's or the registration's). */
    public boolean byBusinessKey() {
        return keyPart.startsWith(DedupeKeys.KEY_TAG);
    }

    /** True when the event is keyed by its SQS message id, which changes when the message is redriven. */
    public boolean byMessageId() {
        return keyPart.startsWith(DedupeKeys.MESSAGE_ID_TAG);
    }
}
