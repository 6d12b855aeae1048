package dev.eventbus.internal;

import dev.eventbus.PublishReceipt;

/**
 * What became of one {@link EncodedEvent} given to {@link EncodedPublisher#sendAll}: its receipt when SNS or
 * SQS accepted it, otherwise why not. {@code requestFailed} tells a failed request (endpoint unreachable,
 * throttled, a server error: the whole batch failed) from an entry the service refused on its own.
 */
public record SendOutcome(PublishReceipt receipt, String code, String message, boolean requestFailed) {

    public static SendOutcome sent(PublishReceipt receipt) {
        return new SendOutcome(receipt, null, null, false);
    }

    public boolean isSent() {
        return receipt != null;
    }
}
