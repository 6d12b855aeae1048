package dev.eventbus.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Chooses the test servers as every test JVM does ({@link Emulators#start()}, which prints its
 * {@code [test-env]} line), then uses each once: a queue, a topic, a Redis PING and, chosen the same way by
 * {@link TestPostgres#start()}, a PostgreSQL {@code SELECT 1}. Prints {@code PROBE OK} when all four answered. Run in a JVM of its own by {@link EmulatorsFallbackIT}, with
 * the environment under test.
 */
public final class EmulatorsProbe {

    private EmulatorsProbe() {}

    public static void main(String[] args) throws Exception {
        try (Emulators env = Emulators.start()) {
            env.sqs().createQueue(r -> r.queueName(Emulators.uniqueName("probe")));
            env.sns().createTopic(r -> r.name(Emulators.uniqueName("probe")));
            try (Socket redis = new Socket(env.redis().host(), env.redis().port())) {
                OutputStream out = redis.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = redis.getInputStream();
                byte[] reply = new byte[7];
                int n = in.readNBytes(reply, 0, reply.length);
                if (!new String(reply, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                    throw new IllegalStateException("Redis did not answer PONG");
                }
            }
            try (TestPostgres postgres = TestPostgres.start(); java.sql.Connection c = postgres.dataSource().getConnection();
                    java.sql.ResultSet one = c.createStatement().executeQuery("SELECT 1")) {
                if (!one.next() || one.getInt(1) != 1) {
                    throw new IllegalStateException("PostgreSQL did not answer SELECT 1");
                }
            }
            System.out.println("PROBE OK");
        }
        System.exit(0); // Testcontainers leaves non-daemon threads behind after a failed start
    }
}
