package dev.eventbus;

import dev.eventbus.routing.Destination;
import dev.eventbus.schema.EventVersion;

/**
 * What a successful publish returns: the event id consumers deduplicate on, and the id SNS or SQS gave
 * the message.
 */
public record PublishReceipt(
        String eventId, String event, EventVersion version, Destination destination, String messageId) {}
