package dev.eventbus.worker;

import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS emulators a reliability test runs against, so behaviour does not hinge on one emulator's quirks. */
enum SqsServer {
    ELASTICMQ,
    MOTO;

    SqsClient client(ElasticMq elasticMq, Emulators env) {
        return this == ELASTICMQ ? elasticMq.sqs() : env.sqs();
    }

    TestQueues queues(ElasticMq elasticMq, Emulators env) {
        return this == ELASTICMQ ? elasticMq.queues() : env.queues();
    }

    WorkerFixture fixture(ElasticMq elasticMq, Emulators env, java.time.Duration visibility, int maxReceiveCount) {
        return new WorkerFixture(client(elasticMq, env), queues(elasticMq, env), env.redis().uri(), visibility, maxReceiveCount);
    }
}
