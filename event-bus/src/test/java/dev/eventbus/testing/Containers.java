package dev.eventbus.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack (SNS + SQS) and Redis through Testcontainers, used where a Docker engine answers. */
final class Containers {

    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";
    static final String REDIS_IMAGE = "redis:7.4-alpine";

    private Containers() {}

    /** True when a Docker engine answers. Checks for a socket first so machines without Docker stay quiet and fast. */
    static boolean dockerAvailable() {
        boolean hint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static AwsEndpoints localStack() {
        LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE)).withServices("sqs", "sns");
        localstack.start();
        Runtime.getRuntime().addShutdownHook(new Thread(localstack::stop));
        URI endpoint = localstack.getEndpoint();
        return new AwsEndpoints(endpoint, endpoint, localstack.getRegion(), "LocalStack container " + LOCALSTACK_IMAGE + " at " + endpoint);
    }

    static TestRedis redis() {
        // A fixed host port, so stop() and start() keep the address the clients were given.
        int hostPort = ChildProcess.freePort();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE)).withExposedPorts(6379);
        container.setPortBindings(java.util.List.of(hostPort + ":6379"));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new TestRedis() {
            @Override
            public String host() {
                return container.getHost();
            }

            @Override
            public int port() {
                return hostPort;
            }

            @Override
            public String description() {
                return "Redis container " + REDIS_IMAGE + " at " + host() + ":" + port();
            }

            @Override
            public void stop() {
                container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
            }

            @Override
            public void start() {
                container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
