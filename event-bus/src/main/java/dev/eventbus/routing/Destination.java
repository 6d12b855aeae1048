package dev.eventbus.routing;

import java.util.Objects;

/** Where an event is sent: an SNS topic (fan-out) or one SQS queue (point-to-point). */
public sealed interface Destination {

    /** An SNS topic; every queue subscribed to it (with raw message delivery) gets its own copy. */
    record Topic(String arn) implements Destination {
        public Topic {
            Objects.requireNonNull(arn, "arn");
            if (!arn.startsWith("arn:")) {
                throw new IllegalArgumentException("a topic is named by its ARN (arn:aws:sns:...), got \"" + arn + "\"");
            }
        }

        @Override
        public String toString() {
            return "topic " + arn;
        }
    }

    /** One SQS queue, consumed by exactly one service. */
    record Queue(String url) implements Destination {
        public Queue {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("a queue is named by its URL (https://sqs...), got \"" + url + "\"");
            }
        }

        @Override
        public String toString() {
            return "queue " + url;
        }
    }

}
