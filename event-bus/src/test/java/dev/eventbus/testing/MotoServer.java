package dev.eventbus.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** moto_server (SNS and SQS, from PyPI) as a child process on a free loopback port. */
final class MotoServer implements AutoCloseable {

    static final String REGION = "us-east-1";

    private final ChildProcess process;

    private MotoServer(ChildProcess process) {
        this.process = process;
    }

    static MotoServer start(Path executable) {
        int port = ChildProcess.freePort();
        ChildProcess process = new ChildProcess("moto_server",
                List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)), port);
        process.start(Duration.ofSeconds(60));
        return new MotoServer(process);
    }

    AwsEndpoints endpoints() {
        URI endpoint = URI.create("http://127.0.0.1:" + process.port());
        return new AwsEndpoints(endpoint, endpoint, REGION, "moto_server child process at " + endpoint);
    }

    @Override
    public void close() {
        process.close();
    }
}
