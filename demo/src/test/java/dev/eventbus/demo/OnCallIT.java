package dev.eventbus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.cli.CliEnvironment;
import dev.eventbus.cli.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's "On call" section stays true: on the DLQ {@code ./scripts/demo --on-call} leaves, its three
 * commands find the causes, show one event's failed attempts, predict and replay, and the worker handles
 * what was replayed. Needs redis-server on the PATH (./scripts/test installs it), as the demo does for its
 * failure records.
 */
class OnCallIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void credentials() {
        // the tool uses the default credential chain; ElasticMQ accepts any
        System.setProperty("aws.accessKeyId", "demo");
        System.setProperty("aws.secretAccessKey", "demo");
    }

    record Run(int exit, List<JsonNode> records, String err) {
        List<JsonNode> of(String kind) {
            return records.stream().filter(r -> r.path("kind").asString().equals(kind)).toList();
        }
    }

    @Test
    void theReadmesThreeCommandsGoFromTheDemosDlqToAHandledReplay() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (OnCall demo = new OnCall(new PrintStream(printed, true, StandardCharsets.UTF_8)).start(0)) {
            demo.printCommands();
            String instructions = printed.toString(StandardCharsets.UTF_8);
            assertThat(demo.redis()).as("redis-server on the PATH:%n%s", instructions).isNotNull();
            assertThat(instructions).contains("./scripts/eventbus dlq stats notifications",
                    "./scripts/eventbus dlq show notifications " + demo.sampleEventId(),
                    "./scripts/eventbus dlq replay notifications --reason handler_error --dry-run", "export AWS_ENDPOINT_URL=" + demo.endpoint());

            Run stats = run(demo, "dlq", "stats", "notifications");
            assertThat(stats.exit()).as(stats.err()).isEqualTo(1);
            Map<String, String> byReason = stats.of("group").stream().filter(g -> g.path("by").asString().equals("reason"))
                    .collect(Collectors.toMap(g -> g.path("reason").asString(), g -> g.path("count").asInt() + " from " + g.path("from").asString()));
            assertThat(byReason).containsExactlyInAnyOrderEntriesOf(Map.of("handler_error", "4 from record",
                    "non_retryable", "2 from attribute", "malformed_json", "1 from attribute"));

            Run show = run(demo, "dlq", "show", "notifications", demo.sampleEventId());
            JsonNode message = show.of("message").getFirst();
            assertThat(message.path("failure").path("error_message").asString()).isEqualTo("smtp relay refused the connection");
            assertThat(message.path("attempts")).as("every failed attempt, from the failure record").hasSize(3);
            assertThat(message.path("dedupe").path("status").asString()).isEqualTo("never_seen");
            assertThat(message.path("envelope").path("payload").path("user_email").asString()).isEqualTo("***");

            Run dryRun = run(demo, "dlq", "replay", "notifications", "--reason", "handler_error", "--dry-run");
            assertThat(dryRun.of("prediction")).hasSize(4).allSatisfy(p -> assertThat(p.path("prediction").asString()).isEqualTo("handle"));
            assertThat(demo.dlqDepth()).isEqualTo(OnCall.DEAD_LETTERS);

            Run replay = run(demo, "dlq", "replay", "notifications", "--reason", "handler_error", "--canary", "2");
            assertThat(replay.exit()).as(replay.err()).isZero();
            assertThat(replay.of("canary")).hasSize(2).allSatisfy(c -> assertThat(c.path("outcome").asString()).isEqualTo("handled"));
            assertThat(replay.of("summary").getFirst().path("replayed").asInt()).isEqualTo(4);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (printed.toString(StandardCharsets.UTF_8).split("sent the confirmation", -1).length - 1 < 4 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(printed.toString(StandardCharsets.UTF_8).split("sent the confirmation", -1)).hasSize(5);
            assertThat(demo.dlqDepth()).as("the other causes stay in the DLQ").isEqualTo(3);
        }
    }

    private static Run run(OnCall demo, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(OnCall.REGION, demo.endpoint(), demo.redis(), "on-call", false,
                new BufferedReader(new StringReader("")), new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC());
        String[] withJson = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--output", "json"))
                .toArray(String[]::new);
        int exit = Main.run(env, withJson);
        return new Run(exit, out.toString().lines().filter(l -> l.startsWith("{")).map(JSON::readTree).toList(), err.toString());
    }
}
