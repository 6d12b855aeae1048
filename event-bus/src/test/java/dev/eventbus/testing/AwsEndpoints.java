package dev.eventbus.testing;

import java.net.URI;
import java.util.Objects;

/** SNS and SQS endpoints the tests talk to, and what serves them. */
public record AwsEndpoints(URI sqs, URI sns, String region, String description) {

    public AwsEndpoints {
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(sns, "sns");
        Objects.requireNonNull(region, "region");
    }
}
