package dev.eventbus.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the tool in this JVM against given SQS and Redis endpoints, capturing its output and exit status. */
public final class Cli {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One run's exit status and output. */
    public record Result(int exit, String out, String err) {
        /** Standard output as JSON lines. */
        public List<JsonNode> json() {
            return out.lines().filter(l -> l.startsWith("{")).map(JSON::readTree).toList();
        }

        /** The records of one kind. */
        public List<JsonNode> records(String kind) {
            return json().stream().filter(n -> n.path("kind").asString().equals(kind)).toList();
        }

        public JsonNode summary() {
            List<JsonNode> s = records("summary");
            if (s.size() != 1) {
                throw new AssertionError("expected one summary record, got " + s.size() + " in:\n" + out + "\nstderr:\n" + err);
            }
            return s.getFirst();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final URI sqs;
    private final URI redis;
    private final String region;
    private String input = "";
    private boolean terminal;

    public Cli(URI sqs, URI redis, String region) {
        this.sqs = sqs;
        this.redis = redis;
        this.region = region;
    }

    /** The same endpoints, with {@code input} on standard input and a terminal (prompts, progress). */
    public Cli onTerminal(String input) {
        Cli cli = new Cli(sqs, redis, region);
        cli.input = input;
        cli.terminal = true;
        return cli;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(region, sqs, redis, "on-call-test", terminal, new BufferedReader(new StringReader(input)),
                new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC());
        int exit = Main.run(env, args);
        return new Result(exit, out.toString(), err.toString());
    }
}
