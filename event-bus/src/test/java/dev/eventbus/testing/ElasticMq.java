package dev.eventbus.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ElasticMQ (SQS only) embedded in the test JVM on a free loopback port. Close it: its threads are not daemons. */
public final class ElasticMq implements AutoCloseable {

    public static final String REGION = "us-east-1";

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient sqs;

    private ElasticMq(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.sqs = Emulators.sqsClient(endpoint, REGION);
    }

    public static ElasticMq start() {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withDynamicPort()
                .withAWSRegion(REGION)
                .withAWSAccountId("000000000000")
                .start();
        int port = ((InetSocketAddress) server.waitUntilStarted().localAddress()).getPort();
        return new ElasticMq(server, URI.create("http://127.0.0.1:" + port));
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public TestQueues queues() {
        return new TestQueues(sqs);
    }

    @Override
    public void close() {
        sqs.close();
        server.stopAndGetFuture().apply();
    }
}
