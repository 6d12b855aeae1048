package dev.eventbus.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.schema.EventCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The catalog-vs-Terraform checks on the example's applied plan, untouched and broken on purpose. */
class CheckAgainstCatalogTest {

    private static final EventCatalog CATALOG = EventCatalog.load(Path.of("../../../event-schemas/src/main/resources"));
    private static final String NOTIFICATIONS = "module.queue[\"notifications\"].";
    private static final String SUBSCRIPTIONS = "module.queue[\"subscriptions\"].";

    @Test
    void theExamplesPlanAgreesWithTheCatalog() {
        List<String> problems = check(AtlasState.load());

        assertThat(problems).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CheckAgainstCatalog.report(CATALOG, AtlasState.load().state(), problems, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK: 105 resources agree with the catalog's 8 events and 5 consumers");
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                broken("a subscriber in the catalog with no queue",
                        s -> s.remove("module.queue[\"analytics\"].aws_sqs_queue.queue"),
                        "subscriber analytics (of order.completed) has no queue: no aws_sqs_queue named \"analytics\""),
                broken("a queue without DLQ",
                        s -> s.remove(NOTIFICATIONS + "aws_sqs_queue_redrive_policy.queue"),
                        "queue notifications has no DLQ: no redrive policy (aws_sqs_queue_redrive_policy) moves its messages to"
                                + " notifications-dlq after 3 receives"),
                broken("a DLQ without an alarm on its depth",
                        s -> s.remove(NOTIFICATIONS + "aws_cloudwatch_metric_alarm.dlq_not_empty[\"dlq\"]"),
                        "DLQ notifications-dlq has no alarm on its depth"),
                broken("a DLQ alarm nobody hears",
                        s -> s.edit(NOTIFICATIONS + "aws_cloudwatch_metric_alarm.dlq_not_empty[\"dlq\"]", v -> v.putArray("alarm_actions")),
                        "DLQ notifications-dlq has no alarm on its depth"),
                broken("a queue without an alarm on its oldest message",
                        s -> s.remove(NOTIFICATIONS + "aws_cloudwatch_metric_alarm.oldest_message"),
                        "queue notifications has no alarm on the age of its oldest message"),
                broken("DLQ retention not longer than the queue's",
                        s -> s.edit(NOTIFICATIONS + "aws_sqs_queue.dlq", v -> v.put("message_retention_seconds", 86400)),
                        "DLQ notifications-dlq keeps messages 86400 s, not longer than its queue notifications (86400 s)"),
                broken("a maxReceiveCount other than the catalog's",
                        s -> s.editJson(NOTIFICATIONS + "aws_sqs_queue_redrive_policy.queue", "redrive_policy", p -> p.put("maxReceiveCount", 5)),
                        "queue notifications: its redrive policy's maxReceiveCount is 5 but the catalog's"
                                + " consumers.notifications.max_receive_count is 3"),
                broken("a visibility timeout shorter than the handler time limit",
                        s -> s.edit(NOTIFICATIONS + "aws_sqs_queue.queue", v -> v.put("visibility_timeout_seconds", 10)),
                        "queue notifications: its visibility timeout (10 s) is shorter than its worker's handler time limit (20 s,"
                                + " consumers.notifications.handler_timeout_seconds)"),
                broken("a worker running with another handler time limit than the catalog's",
                        s -> s.edit("module.notification_worker.aws_ecs_task_definition.worker", v -> v.put("container_definitions",
                                v.get("container_definitions").asString().replace("\"HANDLER_TIMEOUT_SECONDS\",\"value\":\"20\"",
                                        "\"HANDLER_TIMEOUT_SECONDS\",\"value\":\"45\""))),
                        "the worker of notifications runs with HANDLER_TIMEOUT_SECONDS=45, not the catalog's 20"),
                broken("a subscription without raw delivery",
                        s -> s.edit(SUBSCRIPTIONS + "aws_sns_topic_subscription.topic[\"billing-events\"]", v -> v.put("raw_message_delivery", false)),
                        "the subscription of queue subscriptions to billing-events", "has no raw message delivery"),
                broken("a filter policy letting through an event the subscriber does not handle",
                        s -> s.editJson(SUBSCRIPTIONS + "aws_sns_topic_subscription.topic[\"billing-events\"]", "filter_policy",
                                p -> ((ArrayNode) p.get("EventType")).add("charge.reversed")),
                        "its filter policy lets through charge.reversed, which the catalog does not list subscriptions as a"
                                + " subscriber of (subscriptions does not handle it)"),
                broken("a subscription without a filter policy",
                        s -> s.edit(SUBSCRIPTIONS + "aws_sns_topic_subscription.topic[\"billing-events\"]", v -> v.putNull("filter_policy")),
                        "has no filter policy: it lets through every event on billing-events, including charge.reversed, which"
                                + " subscriptions does not handle"),
                broken("a filter policy dropping an event the subscriber handles",
                        s -> s.editJson(NOTIFICATIONS + "aws_sns_topic_subscription.topic[\"billing-events\"]", "filter_policy",
                                p -> p.putArray("EventType").add("charge.succeeded")),
                        "its filter policy drops charge.reversed, which the catalog lists notifications as a subscriber of"),
                broken("a missing subscription",
                        s -> s.remove(NOTIFICATIONS + "aws_sns_topic_subscription.topic[\"user-events\"]"),
                        "notifications subscribes to user.registered on user-events, but no aws_sns_topic_subscription sends"
                                + " user-events to queue notifications"),
                broken("a queue policy that does not let a subscribed topic send",
                        s -> s.editJson(NOTIFICATIONS + "aws_sqs_queue_policy.queue", "policy", p -> ((ObjectNode) p.get("Statement").get(0)
                                .get("Condition").get("ArnEquals")).put("aws:SourceArn", "arn:aws:sns:eu-west-1:123456789012:order-events")),
                        "queue notifications: no queue policy lets [arn:aws:sns:eu-west-1:123456789012:billing-events,"),
                broken("a channel without its topic",
                        s -> s.remove("module.topic[\"user-events\"].aws_sns_topic.this"),
                        "channel user-events (the topic of user.registered) has no aws_sns_topic named \"user-events\""),
                broken("an unencrypted queue",
                        s -> s.edit(NOTIFICATIONS + "aws_sqs_queue.dlq", v -> v.putNull("kms_master_key_id")),
                        NOTIFICATIONS + "aws_sqs_queue.dlq (notifications-dlq) is not encrypted"),
                broken("an IAM statement with *",
                        s -> s.editJson("module.worker_iam[\"notifications\"].aws_iam_role_policy.consume", "policy",
                                p -> ((ObjectNode) p.get("Statement").get(0)).put("Action", "sqs:*")),
                        "module.worker_iam[\"notifications\"].aws_iam_role_policy.consume: statement ConsumeOwnQueue: allows action"
                                + " \"sqs:*\""),
                broken("an IAM policy document with a typo in a key",
                        s -> s.editJson("module.publisher[\"billing\"].aws_iam_policy.publish", "policy", p -> {
                            ObjectNode statement = (ObjectNode) p.get("Statement").get(0);
                            statement.set("Acton", statement.remove("Action"));
                        }),
                        "module.publisher[\"billing\"].aws_iam_policy.publish: statement PublishToOwnTopics: unknown key \"Acton\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void findsAndNames(String what, UnaryOperator<AtlasState> breakIt, String[] expected) {
        List<String> problems = check(breakIt.apply(AtlasState.load()));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains(expected));
    }

    @Test
    void reportsEveryProblemAndExitsWithOne() {
        AtlasState broken = AtlasState.load()
                .remove("module.queue[\"analytics\"].aws_sqs_queue.queue")
                .edit(SUBSCRIPTIONS + "aws_sns_topic_subscription.topic[\"billing-events\"]", v -> v.put("raw_message_delivery", false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = CheckAgainstCatalog.report(CATALOG, broken.state(), check(broken), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("subscriber analytics (of order.completed) has no queue")
                .contains("has no raw message delivery");
    }

    private static List<String> check(AtlasState state) {
        return new CheckAgainstCatalog(CATALOG, state.state(), "").problems();
    }

    private static Arguments broken(String what, UnaryOperator<AtlasState> breakIt, String... expected) {
        return Arguments.of(what, breakIt, expected);
    }
}
