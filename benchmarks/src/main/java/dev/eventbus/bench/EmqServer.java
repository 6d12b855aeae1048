package dev.eventbus.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ in a JVM of its own, so the contenders' CPU can be measured apart from the server's.
 * Prints {@code PORT <n>} once listening and stops when its standard input closes (its parent exited).
 */
public final class EmqServer {

    private EmqServer() {}

    public static void main(String[] args) throws IOException {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withDynamicPort()
                .withAWSRegion(Sqs.REGION)
                .withAWSAccountId("000000000000")
                .start();
        int port = ((InetSocketAddress) server.waitUntilStarted().localAddress()).getPort();
        System.out.println("PORT " + port);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin
        }
        server.stopAndGetFuture().apply();
        System.exit(0);
    }
}
