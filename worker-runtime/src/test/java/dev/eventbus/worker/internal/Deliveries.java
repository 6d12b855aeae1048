package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Deliveries for unit tests, built from real SDK message values. */
final class Deliveries {

    private Deliveries() {}

    static Delivery of(String body, int receiveCount) {
        Message message = Message.builder()
                .messageId("m-" + receiveCount)
                .receiptHandle("rh-" + System.nanoTime())
                .body(body)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(receiveCount)))
                .build();
        return Delivery.of("http://127.0.0.1/000000000000/q", message, Instant.parse("2026-11-23T10:00:00Z"));
    }
}
