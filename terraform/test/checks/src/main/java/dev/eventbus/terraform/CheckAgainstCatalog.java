package dev.eventbus.terraform;

import dev.eventbus.schema.CatalogException;
import dev.eventbus.schema.ConsumerSettings;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.terraform.TerraformState.Resource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks an applied plan of the example against the event catalog, the source of truth: every channel
 * has its topic, every subscriber its queue with a DLQ (the catalog's maxReceiveCount, a retention
 * longer than the queue's) and alarms, every subscription raw delivery and a filter policy letting
 * through exactly the events the catalog lists its consumer for, every queue a visibility timeout its
 * worker's handler time limit fits in, and every policy document is one AWS accepts and grants nothing
 * with a wildcard.
 *
 * <pre>
 * java dev.eventbus.terraform.CheckAgainstCatalog CATALOG_ROOT STATE_JSON [NAME_PREFIX]
 * </pre>
 *
 * Prints every problem and exits 1 when there is one (a catalog that does not load, or no applied
 * plan, is one), 2 on bad arguments.
 */
public final class CheckAgainstCatalog {

    /** The worker-service's environment variables that carry the catalog's time limits into the container. */
    static final String QUEUE_URL_VARIABLE = "QUEUE_URL";
    static final String HANDLER_TIMEOUT_VARIABLE = "HANDLER_TIMEOUT_SECONDS";
    static final String SHUTDOWN_GRACE_VARIABLE = "SHUTDOWN_GRACE_SECONDS";

    private final EventCatalog catalog;
    private final TerraformState state;
    private final String prefix;
    private final List<String> problems = new ArrayList<>();

    CheckAgainstCatalog(EventCatalog catalog, TerraformState state, String prefix) {
        this.catalog = catalog;
        this.state = state;
        this.prefix = prefix;
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: CheckAgainstCatalog CATALOG_ROOT STATE_JSON [NAME_PREFIX]");
            System.exit(2);
        }
        EventCatalog catalog;
        try {
            catalog = EventCatalog.load(Path.of(args[0]));
        } catch (CatalogException e) {
            System.out.println(e.getMessage());
            System.exit(1);
            return;
        }
        Path stateFile = Path.of(args[1]);
        if (!Files.isRegularFile(stateFile)) {
            System.out.println("The catalog loads, but there is no applied plan to check it against (" + stateFile
                    + " is missing: the plan failed)");
            System.exit(1);
        }
        TerraformState state = TerraformState.read(stateFile);
        List<String> problems = new CheckAgainstCatalog(catalog, state, args.length == 3 ? args[2] : "").problems();
        System.exit(report(catalog, state, problems, System.out));
    }

    static int report(EventCatalog catalog, TerraformState state, List<String> problems, PrintStream out) {
        if (problems.isEmpty()) {
            out.println("OK: " + state.all().size() + " resources agree with the catalog's " + catalog.events().size() + " events and "
                    + catalog.consumers().size() + " consumers; every policy document is well formed and grants nothing with *");
            return 0;
        }
        out.println("The Terraform disagrees with the event catalog or grants too much (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):");
        problems.forEach(p -> out.println("  - " + p));
        return 1;
    }

    /** Every problem, in the order: channels, consumers' queues, subscriptions, worker services, policies, encryption. */
    List<String> problems() {
        if (!problems.isEmpty()) {
            return problems;
        }
        topics();
        Map<String, Resource> queues = consumerQueues();
        subscriptions(queues);
        workerServices(queues);
        everyQueueHasADlqAndEveryDlqAnAlarm();
        policies();
        encryption();
        return problems;
    }

    private void topics() {
        Map<String, List<String>> eventsByTopic = new TreeMap<>();
        for (EventDefinition event : catalog.events()) {
            if (event.channel().isFanOut()) {
                eventsByTopic.computeIfAbsent(event.channel().name(), t -> new ArrayList<>()).add(event.name());
            }
        }
        eventsByTopic.forEach((topic, events) -> {
            if (state.find("aws_sns_topic", "name", prefix + topic).isEmpty()) {
                problems.add("channel " + topic + " (the topic of " + String.join(", ", events) + ") has no aws_sns_topic named \""
                        + prefix + topic + "\"");
            }
        });
    }

    /** Each consumer's queue, by consumer name, after checking its settings, DLQ and alarms. */
    private Map<String, Resource> consumerQueues() {
        Map<String, Resource> queues = new LinkedHashMap<>();
        for (ConsumerSettings consumer : catalog.consumers()) {
            String name = prefix + consumer.queue();
            Optional<Resource> found = state.find("aws_sqs_queue", "name", name);
            if (found.isEmpty()) {
                problems.add("subscriber " + consumer.name() + " (of " + String.join(", ", subscribedEvents(consumer.name()))
                        + ") has no queue: no aws_sqs_queue named \"" + name + "\"");
                continue;
            }
            Resource queue = found.get();
            queues.put(consumer.name(), queue);
            setting(queue, "visibility_timeout_seconds", consumer.visibilityTimeout().toSeconds(), consumer, "visibility_timeout_seconds");
            setting(queue, "message_retention_seconds", consumer.messageRetention().toSeconds(), consumer, "message_retention_seconds");
            long visibility = queue.number("visibility_timeout_seconds").orElse(30L);
            if (visibility < consumer.handlerTimeout().toSeconds()) {
                problems.add("queue " + name + ": its visibility timeout (" + visibility + " s) is shorter than its worker's handler time"
                        + " limit (" + consumer.handlerTimeout().toSeconds() + " s, consumers." + consumer.name()
                        + ".handler_timeout_seconds): a handler running to its limit would be received by a second worker");
            }
            alarm(queue, "ApproximateAgeOfOldestMessage", "queue " + name + " has no alarm on the age of its oldest message"
                    + " (an aws_cloudwatch_metric_alarm on ApproximateAgeOfOldestMessage with an alarm action)");
            Optional<JsonNode> redrive = redrivePolicy(queue);
            if (redrive.isEmpty()) {
                problems.add("queue " + name + " has no DLQ: no redrive policy (aws_sqs_queue_redrive_policy) moves its messages to "
                        + prefix + consumer.dlq() + " after " + consumer.maxReceiveCount() + " receives");
                continue;
            }
            long maxReceiveCount = redrive.get().path("maxReceiveCount").asLong(-1);
            if (maxReceiveCount != consumer.maxReceiveCount()) {
                problems.add("queue " + name + ": its redrive policy's maxReceiveCount is " + redrive.get().path("maxReceiveCount")
                        + " but the catalog's consumers." + consumer.name() + ".max_receive_count is " + consumer.maxReceiveCount());
            }
            String dlqArn = redrive.get().path("deadLetterTargetArn").asString("");
            Optional<Resource> dlq = state.find("aws_sqs_queue", "arn", dlqArn);
            if (dlq.isEmpty() || !dlq.get().text("name").orElse("").equals(prefix + consumer.dlq())) {
                problems.add("queue " + name + " redrives to " + (dlqArn.isEmpty() ? "nothing" : dlqArn) + ", not to its DLQ "
                        + prefix + consumer.dlq());
                continue;
            }
            long queueRetention = queue.number("message_retention_seconds").orElse(345600L);
            long dlqRetention = dlq.get().number("message_retention_seconds").orElse(345600L);
            if (dlqRetention <= queueRetention) {
                problems.add("DLQ " + prefix + consumer.dlq() + " keeps messages " + dlqRetention + " s, not longer than its queue "
                        + name + " (" + queueRetention + " s): a dead-lettered message keeps its first enqueue time, so it would"
                        + " expire before anyone could replay it");
            }
            setting(dlq.get(), "message_retention_seconds", consumer.dlqRetention().toSeconds(), consumer, "dlq_retention_seconds");
            redriveAllowPolicy(dlq.get(), queue);
        }
        return queues;
    }

    private void setting(Resource queue, String attribute, long expected, ConsumerSettings consumer, String field) {
        Optional<Long> actual = queue.number(attribute);
        if (actual.isEmpty() || actual.get() != expected) {
            problems.add("queue " + queue.text("name").orElse(queue.address()) + ": " + attribute + " is "
                    + actual.map(String::valueOf).orElse("not set") + " in Terraform but " + expected + " in the catalog (consumers."
                    + consumer.name() + "." + field + ")");
        }
    }

    private void redriveAllowPolicy(Resource dlq, Resource queue) {
        String dlqUrl = dlq.text("url").orElse("");
        Optional<JsonNode> allow = state.find("aws_sqs_queue_redrive_allow_policy", "queue_url", dlqUrl)
                .flatMap(r -> json(r, "redrive_allow_policy"))
                .or(() -> json(dlq, "redrive_allow_policy"));
        boolean byQueue = allow.isPresent() && allow.get().path("redrivePermission").asString("").equals("byQueue")
                && PolicyDocument.strings(allow.get().get("sourceQueueArns")).contains(queue.text("arn").orElse("?"));
        if (!byQueue) {
            problems.add("DLQ " + dlq.text("name").orElse(dlq.address()) + " has no redrive allow policy naming its queue (byQueue, "
                    + queue.text("name").orElse("") + "): other queues could dead-letter into it");
        }
    }

    private void subscriptions(Map<String, Resource> queues) {
        Map<String, String> topicNames = new TreeMap<>();
        for (Resource topic : state.ofType("aws_sns_topic")) {
            topicNames.put(topic.text("arn").orElse(""), topic.text("name").orElse("").substring(prefix.length()));
        }
        queues.forEach((consumer, queue) -> {
            String queueArn = queue.text("arn").orElse("?");
            String queueName = queue.text("name").orElse("?");
            Map<String, Set<String>> expected = new TreeMap<>();
            for (EventDefinition event : catalog.events()) {
                if (event.channel().isFanOut() && event.subscribers().contains(consumer)) {
                    expected.computeIfAbsent(event.channel().name(), t -> new TreeSet<>()).add(event.name());
                }
            }
            Set<String> subscribed = new HashSet<>();
            for (Resource subscription : state.findAll("aws_sns_topic_subscription", "endpoint", queueArn)) {
                String topic = topicNames.getOrDefault(subscription.text("topic_arn").orElse(""), subscription.text("topic_arn").orElse("?"));
                subscribed.add(topic);
                subscription(subscription, topic, consumer, queueName, expected.getOrDefault(topic, Set.of()));
            }
            expected.forEach((topic, events) -> {
                if (!subscribed.contains(topic)) {
                    problems.add(consumer + " subscribes to " + String.join(", ", events) + " on " + topic
                            + ", but no aws_sns_topic_subscription sends " + prefix + topic + " to queue " + queueName);
                }
            });
            queuePolicyLetsExactly(queue, expected.keySet());
        });
    }

    private void subscription(Resource subscription, String topic, String consumer, String queueName, Set<String> expected) {
        String which = "the subscription of queue " + queueName + " to " + topic + " (" + subscription.address() + ")";
        if (expected.isEmpty()) {
            problems.add(which + ": the catalog lists " + consumer + " as a subscriber of no event on " + topic);
            return;
        }
        if (!"sqs".equals(subscription.text("protocol").orElse(""))) {
            problems.add(which + ": protocol is " + subscription.text("protocol").orElse("not set") + ", not sqs");
        }
        if (!subscription.isTrue("raw_message_delivery")) {
            problems.add(which + " has no raw message delivery: the worker would receive SNS's JSON wrapper instead of the"
                    + " envelope, and the EventType attribute would not reach SQS");
        }
        if (!subscription.text("filter_policy_scope").orElse("MessageAttributes").equals("MessageAttributes")) {
            problems.add(which + ": its filter policy must match the EventType message attribute (filter_policy_scope"
                    + " MessageAttributes), not " + subscription.text("filter_policy_scope").orElse(""));
        }
        Optional<JsonNode> filter = json(subscription, "filter_policy");
        Set<String> others = eventsOn(topic);
        others.removeAll(expected);
        if (filter.isEmpty()) {
            problems.add(which + " has no filter policy: it lets through every event on " + topic
                    + (others.isEmpty() ? "" : ", including " + String.join(", ", others) + ", which " + consumer + " does not handle"));
            return;
        }
        Set<String> keys = new TreeSet<>(filter.get().propertyNames());
        if (!keys.equals(Set.of("EventType"))) {
            problems.add(which + ": its filter policy must filter on EventType alone, not on " + keys);
            return;
        }
        Set<String> allowed = new TreeSet<>(PolicyDocument.strings(filter.get().get("EventType")));
        for (String event : allowed) {
            if (!expected.contains(event)) {
                problems.add(which + ": its filter policy lets through " + event + ", which " + (eventsOn(topic).contains(event)
                        ? "the catalog does not list " + consumer + " as a subscriber of (" + consumer + " does not handle it)"
                        : "is not an event of the catalog on " + topic));
            }
        }
        for (String event : expected) {
            if (!allowed.contains(event)) {
                problems.add(which + ": its filter policy drops " + event + ", which the catalog lists " + consumer
                        + " as a subscriber of: it would never arrive");
            }
        }
        if (json(subscription, "redrive_policy").map(r -> r.path("deadLetterTargetArn").asString("")).orElse("").isEmpty()) {
            problems.add(which + " has no redrive policy: what SNS cannot deliver (a key or queue policy refusing it) would be dropped");
        }
    }

    private void queuePolicyLetsExactly(Resource queue, Set<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Set<String> expectedArns = topics.stream()
                .map(t -> state.find("aws_sns_topic", "name", prefix + t).flatMap(r -> r.text("arn")).orElse("?"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> allowed = new TreeSet<>();
        for (Resource policy : state.findAll("aws_sqs_queue_policy", "queue_url", queue.text("url").orElse("?"))) {
            for (JsonNode statement : statements(json(policy, "policy"))) {
                if (statement.path("Effect").asString("").equals("Allow")
                        && PolicyDocument.strings(statement.path("Principal").get("Service")).contains("sns.amazonaws.com")) {
                    allowed.addAll(PolicyDocument.strings(statement.path("Condition").path("ArnEquals").get("aws:SourceArn")));
                }
            }
        }
        String name = queue.text("name").orElse(queue.address());
        if (!allowed.containsAll(expectedArns)) {
            Set<String> missing = new TreeSet<>(expectedArns);
            missing.removeAll(allowed);
            problems.add("queue " + name + ": no queue policy lets " + missing + " send (sns.amazonaws.com, aws:SourceArn):"
                    + " SNS's deliveries would be refused");
        }
        allowed.removeAll(expectedArns);
        if (!allowed.isEmpty()) {
            problems.add("queue " + name + ": its queue policy lets " + allowed + " send, which it does not subscribe to");
        }
    }

    /** A worker service's time limits, where its container environment names a consumer's queue. */
    private void workerServices(Map<String, Resource> queues) {
        for (Resource task : state.ofType("aws_ecs_task_definition")) {
            for (JsonNode container : json(task, "container_definitions").map(JsonNode::values).orElse(List.of())) {
                Map<String, String> environment = new TreeMap<>();
                for (JsonNode variable : container.path("environment").values()) {
                    environment.put(variable.path("name").asString(""), variable.path("value").asString(""));
                }
                queues.forEach((consumer, queue) -> {
                    if (queue.text("url").filter(url -> url.equals(environment.get(QUEUE_URL_VARIABLE))).isEmpty()) {
                        return;
                    }
                    ConsumerSettings settings = catalog.consumer(consumer).orElseThrow();
                    String limit = environment.get(HANDLER_TIMEOUT_VARIABLE);
                    if (limit == null || !limit.equals(String.valueOf(settings.handlerTimeout().toSeconds()))) {
                        problems.add(task.address() + ": the worker of " + consumer + " runs with " + HANDLER_TIMEOUT_VARIABLE + "="
                                + limit + ", not the catalog's " + settings.handlerTimeout().toSeconds() + " (consumers." + consumer
                                + ".handler_timeout_seconds) that its queue's visibility timeout is checked against");
                    }
                    String grace = environment.get(SHUTDOWN_GRACE_VARIABLE);
                    long stop = container.path("stopTimeout").asLong(30);
                    if (grace != null && stop <= Long.parseLong(grace)) {
                        problems.add(task.address() + ": ECS kills the worker of " + consumer + " " + stop + " s after SIGTERM, within its "
                                + grace + " s shutdown grace");
                    }
                });
            }
        }
    }

    /**
     * Every queue that is nobody's DLQ has a redrive policy, and every DLQ (of a queue or of an SNS
     * subscription) an alarm on its depth: queues outside the catalog are held to the same rule.
     */
    private void everyQueueHasADlqAndEveryDlqAnAlarm() {
        Set<String> dlqArns = new TreeSet<>();
        for (Resource queue : state.ofType("aws_sqs_queue")) {
            redrivePolicy(queue).ifPresent(r -> dlqArns.add(r.path("deadLetterTargetArn").asString("")));
        }
        for (Resource subscription : state.ofType("aws_sns_topic_subscription")) {
            json(subscription, "redrive_policy").ifPresent(r -> dlqArns.add(r.path("deadLetterTargetArn").asString("")));
        }
        Set<String> consumerQueueNames = catalog.consumers().stream().map(c -> prefix + c.queue()).collect(Collectors.toSet());
        for (Resource queue : state.ofType("aws_sqs_queue")) {
            String name = queue.text("name").orElse(queue.address());
            if (dlqArns.contains(queue.text("arn").orElse("?"))) {
                alarm(queue, "ApproximateNumberOfMessagesVisible", "DLQ " + name + " has no alarm on its depth (an"
                        + " aws_cloudwatch_metric_alarm on ApproximateNumberOfMessagesVisible > 0 with an alarm action): what"
                        + " lands in it would go unnoticed");
            } else if (!consumerQueueNames.contains(name) && redrivePolicy(queue).isEmpty()) {
                problems.add("queue " + name + " (" + queue.address() + ") has no DLQ and is no queue's DLQ: a message that can"
                        + " never succeed would be received forever");
            }
        }
    }

    private void alarm(Resource queue, String metric, String problem) {
        String name = queue.text("name").orElse("?");
        boolean found = state.ofType("aws_cloudwatch_metric_alarm").stream().anyMatch(alarm ->
                alarm.text("namespace").orElse("").equals("AWS/SQS")
                        && alarm.text("metric_name").orElse("").equals(metric)
                        && alarm.values().path("dimensions").path("QueueName").asString("").equals(name)
                        && !alarm.values().path("alarm_actions").isEmpty()
                        && !(alarm.values().path("actions_enabled").isBoolean() && !alarm.values().path("actions_enabled").asBoolean())
                        && (!metric.equals("ApproximateNumberOfMessagesVisible") || pagesOnFirstMessage(alarm)));
        if (!found) {
            problems.add(problem);
        }
    }

    private static boolean pagesOnFirstMessage(Resource alarm) {
        double threshold = alarm.values().path("threshold").asDouble(Double.NaN);
        String comparison = alarm.text("comparison_operator").orElse("");
        return comparison.equals("GreaterThanThreshold") && threshold < 1
                || comparison.equals("GreaterThanOrEqualToThreshold") && threshold <= 1;
    }

    private void policies() {
        for (Resource resource : state.all()) {
            switch (resource.type()) {
                case "aws_iam_policy", "aws_iam_role_policy" -> policy(resource, "policy", PolicyDocument.Kind.IDENTITY);
                case "aws_iam_role" -> policy(resource, "assume_role_policy", PolicyDocument.Kind.TRUST);
                case "aws_sqs_queue_policy", "aws_sns_topic_policy", "aws_kms_key" -> policy(resource, "policy", PolicyDocument.Kind.RESOURCE);
                default -> { }
            }
        }
    }

    private void policy(Resource resource, String attribute, PolicyDocument.Kind kind) {
        resource.text(attribute).ifPresent(json -> problems.addAll(PolicyDocument.problems(resource.address(), json, kind)));
    }

    private void encryption() {
        for (String type : List.of("aws_sqs_queue", "aws_sns_topic")) {
            for (Resource resource : state.ofType(type)) {
                if (resource.text("kms_master_key_id").isEmpty() && !resource.isTrue("sqs_managed_sse_enabled")) {
                    problems.add(resource.address() + " (" + resource.text("name").orElse("") + ") is not encrypted: set kms_master_key_id");
                }
            }
        }
    }

    private Optional<JsonNode> redrivePolicy(Resource queue) {
        String url = queue.text("url").orElse("?");
        return state.find("aws_sqs_queue_redrive_policy", "queue_url", url).flatMap(r -> json(r, "redrive_policy"))
                .or(() -> json(queue, "redrive_policy"));
    }

    private List<String> subscribedEvents(String consumer) {
        return catalog.events().stream().filter(e -> e.subscribers().contains(consumer)).map(EventDefinition::name).toList();
    }

    private Set<String> eventsOn(String topic) {
        return catalog.events().stream().filter(e -> e.channel().isFanOut() && e.channel().name().equals(topic))
                .map(EventDefinition::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private Optional<JsonNode> json(Resource resource, String attribute) {
        Optional<String> text = resource.text(attribute);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TerraformState.JSON.readTree(text.get()));
        } catch (JacksonException e) {
            problems.add(resource.address() + ": " + attribute + " is not JSON: " + e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static List<JsonNode> statements(Optional<JsonNode> policy) {
        JsonNode statements = policy.map(p -> p.get("Statement")).orElse(null);
        if (statements == null) {
            return List.of();
        }
        return statements.isArray() ? statements.values().stream().toList() : List.of(statements);
    }
}
