package dev.eventbus.cli;

import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.Emulators;
import java.net.URI;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS emulators the tool's integration tests run on, so no behaviour hinges on one emulator. */
enum SqsServer {
    ELASTICMQ,
    MOTO;

    SqsClient client(ElasticMq elasticMq, Emulators env) {
        return this == ELASTICMQ ? elasticMq.sqs() : env.sqs();
    }

    URI endpoint(ElasticMq elasticMq, Emulators env) {
        return this == ELASTICMQ ? elasticMq.endpoint() : env.aws().sqs();
    }

    String region(Emulators env) {
        return this == ELASTICMQ ? ElasticMq.REGION : env.aws().region();
    }
}
