package dev.eventbus.bench;

import dev.eventbus.cli.CliEnvironment;
import dev.eventbus.cli.Main;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import dev.eventbus.worker.DeadLetter;
import dev.eventbus.worker.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The DLQ tool's phase (issue 16): {@code eventbus dlq replay} unthrottled, SQS's own redrive
 * (StartMessageMoveTask, rate chosen by SQS) of the same kind of DLQ, and {@code eventbus dlq stats} of a
 * large DLQ. Each contender runs in its child JVM ({@link Child}); the tool runs there in-process through
 * {@link Main#run}, exactly as {@code java -jar eventbus-cli.jar} would, and its clock starts with the
 * command (JVM start-up is not counted; it is about a second). The orchestrator fills a fresh DLQ before
 * each run and checks after it that every message reached the source queue (replay, redrive) or stayed
 * in the DLQ (stats).
 */
final class DlqPhase {

    static final List<String> CONTENDERS = List.of("cli-replay", "sqs-redrive", "cli-stats");
    /** The tool's default number of receivers. */
    static final int RECEIVERS = 8;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DlqPhase() {}

    /** A source queue and the DLQ its redrive policy names. */
    record Queues(String source, String dlq) {
        void delete(SqsClient sqs) {
            Sqs.deleteQueue(sqs, source);
            Sqs.deleteQueue(sqs, dlq);
        }
    }

    static String describe(String contender) {
        return switch (contender) {
            case "cli-replay" -> "`eventbus dlq replay` (unthrottled, " + RECEIVERS + " receivers)";
            case "sqs-redrive" -> "SQS's redrive, StartMessageMoveTask (rate chosen by SQS)";
            case "cli-stats" -> "`eventbus dlq stats` (" + RECEIVERS + " receivers)";
            default -> contender;
        };
    }

    /** Creates a source queue and its DLQ and fills the DLQ with {@code messages} dead letters. */
    static Queues fill(SqsClient sqs, Sqs.Template template, int messages, String name) throws Exception {
        String dlq = Sqs.createQueue(sqs, name + "-dlq");
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String source = sqs.createQueue(r -> r.queueName(name).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":3}"))).queueUrl();
        deadLetters(template).fill(sqs, dlq, messages, 16);
        return new Queues(source, dlq);
    }

    /** The template envelope as a worker dead-letters it: its attributes plus the failure attribute. */
    private static Sqs.Template deadLetters(Sqs.Template template) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(template.attributes());
        DeadLetter dead = new DeadLetter(FailureReason.HANDLER_ERROR, "java.lang.IllegalStateException", "smtp relay refused the connection",
                "6231e3c763c9", "scholarship.won.v1", "bench", 3, Instant.parse("2026-12-03T10:15:30.123Z"), null, null, null, null, List.of());
        attributes.put(DeadLetter.FAILURE_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(dead.toJson()).build());
        return new Sqs.Template(template.body(), template.eventId(), attributes);
    }

    /** After a run: every message moved (replay, redrive) or every message still in the DLQ (stats). */
    static void verify(SqsClient sqs, Queues queues, String contender, int messages) throws InterruptedException {
        long inSource = Sqs.depth(sqs, queues.source());
        long inDlq = Sqs.depth(sqs, queues.dlq());
        boolean moved = !contender.equals("cli-stats");
        if (moved ? inSource != messages || inDlq != 0 : inDlq != messages || inSource != 0) {
            throw new IllegalStateException(contender + " left " + inSource + " in the source queue and " + inDlq + " in the DLQ, of "
                    + messages);
        }
    }

    // ---- in the contender's JVM ------------------------------------------------------------------

    /** Untimed: the same command on a DLQ of its own, so the JIT has compiled the tool before a measured run. */
    static void warmUp(SqsClient sqs, URI endpoint, String contender, int messages) throws Exception {
        Queues queues = fill(sqs, Sqs.Template.capture(sqs), messages, "bench-warm-" + contender + "-" + System.nanoTime());
        try {
            run(sqs, endpoint, contender, queues.source(), messages, false);
        } finally {
            queues.delete(sqs);
        }
    }

    /** One measured run; prints START when its clock starts. Answers the figures a RESULT line reports. */
    static Map<String, Object> run(SqsClient sqs, URI endpoint, String contender, String sourceUrl, int messages, boolean measured)
            throws Exception {
        long cpu0 = Child.cpuNanos();
        long t0 = System.nanoTime();
        if (measured) {
            System.out.println("START");
            System.out.flush();
        }
        long done = contender.equals("sqs-redrive") ? redrive(sqs, sourceUrl) : tool(endpoint, contender, sourceUrl);
        long t1 = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("contender", contender);
        r.put("messages", done);
        double seconds = (t1 - t0) / 1e9;
        r.put("seconds", seconds);
        r.put("rate", done / seconds);
        r.put("cpuSeconds", (Child.cpuNanos() - cpu0) / 1e9);
        return r;
    }

    /** Runs {@code eventbus dlq replay|stats} in this JVM; answers how many messages it replayed or read. */
    private static long tool(URI endpoint, String contender, String sourceUrl) {
        // the tool takes credentials from the default chain; ElasticMQ accepts any
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "bench"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "bench"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(Sqs.REGION, endpoint, null, "bench", false, new BufferedReader(new StringReader("")),
                new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC());
        String command = contender.equals("cli-replay") ? "replay" : "stats";
        int status = Main.run(env, "dlq", command, sourceUrl, "--output", "json", "--receivers", Integer.toString(RECEIVERS));
        JsonNode summary = out.toString().lines().map(JSON::readTree).filter(n -> n.path("kind").asString().equals("summary")).findFirst()
                .orElseThrow(() -> new IllegalStateException("eventbus dlq " + command + " exited " + status + " without a summary: " + err));
        if (status == 3 || status == 2) {
            throw new IllegalStateException("eventbus dlq " + command + " exited " + status + ": " + err);
        }
        return summary.path(command.equals("replay") ? "replayed" : "read").asLong();
    }

    /** StartMessageMoveTask from the DLQ to its source, then polls until the task completed; answers messages moved. */
    private static long redrive(SqsClient sqs, String sourceUrl) throws InterruptedException {
        String sourceArn = sqs.getQueueAttributes(r -> r.queueUrl(sourceUrl).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String dlqArn = JSON.readTree(sqs.getQueueAttributes(r -> r.queueUrl(sourceUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY)).path("deadLetterTargetArn").asString();
        String handle = sqs.startMessageMoveTask(r -> r.sourceArn(dlqArn).destinationArn(sourceArn)).taskHandle();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            var task = sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn)).results().stream().filter(t -> handle.equals(t.taskHandle()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("the move task " + handle + " is not listed"));
            switch (task.status()) {
                case "COMPLETED" -> {
                    return task.approximateNumberOfMessagesMoved();
                }
                case "FAILED", "CANCELLED" -> throw new IllegalStateException("the move task ended " + task.status() + ": " + task.failureReason());
                default -> Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the move task did not complete within 10 minutes");
    }
}
