package dev.eventbus.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack (SNS + SQS) and Redis through Testcontainers, tried where a Docker engine is configured.
 * Starting either throws, with the reason, where the engine is missing or cannot start them (no image
 * registry reachable, say); the caller then falls back to child processes.
 */
final class Containers {

    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";
    static final String REDIS_IMAGE = "redis:7.4-alpine";

    private Containers() {}

    /**
     * True where this machine points at a Docker engine: {@code DOCKER_HOST}, or a socket where Docker
     * puts one. Only a hint, so machines without Docker stay quiet and fast; whether the engine answers and
     * can start containers shows when one is started.
     */
    static boolean dockerConfigured() {
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    }

    /** Where the engine is, for the test log. */
    static String dockerHost() {
        String host = System.getenv("DOCKER_HOST");
        return host != null ? host : "the local Docker socket";
    }

    /**
     * Why a container did not start, in one line: each cause's type and message, outermost first (an image
     * Testcontainers could not get is named by its name alone; its log above has each pull's error).
     */
    static String reason(Throwable failure) {
        StringBuilder why = new StringBuilder();
        for (Throwable t = failure; t != null && why.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : ": " + t.getMessage().strip().replaceAll("\\s+", " ")
                    .replaceAll("RemoteDockerImage\\(imageName=([^,)]+).*", "$1");
            why.append(why.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName()).append(message);
        }
        return why.length() > 400 ? why.substring(0, 400) + "..." : why.toString();
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
