package dev.eventbus.cli.redrive;

import static dev.eventbus.cli.output.Output.column;

import dev.eventbus.cli.CliException;
import dev.eventbus.cli.CommonOptions;
import dev.eventbus.cli.ExitCode;
import dev.eventbus.cli.Session;
import dev.eventbus.cli.queue.DlqTarget;
import dev.eventbus.cli.queue.QueueResolver;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * {@code eventbus dlq redrive QUEUE}: starts SQS's native redrive of the whole DLQ; {@code status} and
 * {@code cancel} follow it.
 */
@Command(name = "redrive", sortOptions = false, subcommands = {RedriveCommand.Status.class, RedriveCommand.Cancel.class},
        description = {"Starts SQS's own redrive (StartMessageMoveTask) of the whole DLQ back to its source queue (or --to another): "
                + "no filter, no dry run, at most 500 msg/s, one task per DLQ at a time; messages keep their attributes (the "
                + "eventbus.failure one too) and get new message ids. Use 'dlq replay' for a filtered, checked replay.",
                "Refuses, saying why, where SQS cannot: a queue that no SQS queue uses as its DLQ (fed by SNS or Lambda), or a DLQ "
                + "with a move task already running. 'redrive status QUEUE' lists the DLQ's recent tasks, 'redrive cancel QUEUE' "
                + "stops the running one (messages moved stay moved). Audited."})
public final class RedriveCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUEUE",
            description = "The queue (name, URL or ARN) whose DLQ to redrive, or the DLQ itself.")
    String queue;

    @Option(names = "--rate", paramLabel = "N", description = "At most N messages per second, 1 to 500 (default: SQS chooses).")
    Integer rate;

    @Option(names = "--to", paramLabel = "QUEUE", description = "Move to this queue instead of the DLQ's source queue.")
    String to;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (queue == null) {
            throw CliException.usage("name the queue to redrive: eventbus dlq redrive QUEUE (or redrive status|cancel QUEUE)");
        }
        if (rate != null && (rate < 1 || rate > 500)) {
            throw CliException.usage("--rate must be between 1 and 500 messages per second (SQS's limit), was " + rate);
        }
        try (Session session = common.session()) {
            QueueResolver queues = session.queues();
            DlqTarget target = dlqForRedrive(queues, queue);
            String destinationUrl = to != null ? queues.url(to) : target.sourceUrl();
            if (destinationUrl == null) {
                throw CliException.usage(target.dlqName() + " is the DLQ of " + target.sourceUrls().size()
                        + " queues; say where to move its messages with --to QUEUE");
            }
            List<ListMessageMoveTasksResultEntry> running = tasks(session, target).stream()
                    .filter(t -> "RUNNING".equals(t.status())).toList();
            if (!running.isEmpty()) {
                throw CliException.refused("a redrive of " + target.dlqName() + " is already running (SQS allows one at a time): "
                        + running.getFirst().approximateNumberOfMessagesMoved() + " of "
                        + running.getFirst().approximateNumberOfMessagesToMove() + " moved; see 'eventbus dlq redrive status "
                        + queue + "' or cancel it");
            }
            String destinationArn = queues.arn(destinationUrl);
            String handle;
            try {
                handle = session.sqs().startMessageMoveTask(r -> r.sourceArn(target.dlqArn()).destinationArn(destinationArn)
                        .maxNumberOfMessagesPerSecond(rate)).taskHandle();
            } catch (SqsException e) {
                throw CliException.refused("SQS refused to redrive " + target.dlqName() + ": " + e.awsErrorDetails().errorMessage(), e);
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("dlq", target.dlqName());
            f.put("destination", QueueResolver.nameOf(destinationUrl));
            f.put("task_handle", handle);
            f.put("rate", rate);
            session.audit().write(session.actor(), "redrive", target.dlqName(), QueueResolver.nameOf(destinationUrl), "all (native redrive)",
                    Map.of(), null, "task " + handle + (rate == null ? "" : ", " + rate + " msg/s"));
            if (session.output().isJson()) {
                session.output().record("redrive", f);
            } else {
                session.output().say("started SQS's redrive of " + target.dlqName() + " to " + QueueResolver.nameOf(destinationUrl)
                        + (rate == null ? "" : " at " + rate + " msg/s") + "; follow it with: eventbus dlq redrive status " + queue);
            }
            return ExitCode.OK;
        }
    }

    /** The DLQ to redrive; refused when no SQS queue uses it as its DLQ, which StartMessageMoveTask requires. */
    static DlqTarget dlqForRedrive(QueueResolver queues, String given) {
        DlqTarget target;
        try {
            target = queues.dlqOf(given);
        } catch (CliException e) {
            throw CliException.refused("SQS's redrive only moves messages out of the DLQ of an SQS queue, and " + e.getMessage()
                    + ". A queue fed by SNS subscriptions or Lambda cannot be redriven; use 'eventbus dlq replay " + given + " --to QUEUE'.");
        }
        if (queues.sourcesOf(target.dlqUrl()).isEmpty()) {
            throw CliException.refused(target.dlqName() + " is not the DLQ of any SQS queue (no redrive policy names it), so SQS "
                    + "cannot redrive it; use 'eventbus dlq replay " + given + " --to QUEUE'.");
        }
        return target;
    }

    static List<ListMessageMoveTasksResultEntry> tasks(Session session, DlqTarget target) {
        return session.sqs().listMessageMoveTasks(r -> r.sourceArn(target.dlqArn()).maxResults(10)).results();
    }

    /** {@code eventbus dlq redrive status QUEUE}. */
    @Command(name = "status", description = {"Lists the DLQ's recent redrive tasks (SQS keeps the last 10): status, messages moved "
            + "of those to move, rate, when started, and why a task failed.", "Exit status 1 when the latest task failed."})
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue (name, URL or ARN) whose DLQ, or the DLQ itself.")
        String queue;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            try (Session session = common.session()) {
                DlqTarget target = dlqForRedrive(session.queues(), queue);
                List<ListMessageMoveTasksResultEntry> tasks = tasks(session, target);
                session.output().table("redrive_task", "Redrive tasks of " + target.dlqName(), List.of(column("status", "STATUS"),
                        column("moved", "MOVED"), column("to_move", "TO MOVE"), column("rate", "RATE"), column("started_at", "STARTED"),
                        column("destination", "TO"), column("failure_reason", "FAILURE"), column("task_handle", "TASK", 24)))
                        .rows(tasks.stream().map(RedriveCommand::fields).toList()).print();
                return !tasks.isEmpty() && "FAILED".equals(tasks.getFirst().status()) ? ExitCode.FAILURES : ExitCode.OK;
            }
        }
    }

    /** {@code eventbus dlq redrive cancel QUEUE}. */
    @Command(name = "cancel", description = "Cancels the DLQ's running redrive task; messages already moved stay moved. Audited.")
    static final class Cancel implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue (name, URL or ARN) whose DLQ, or the DLQ itself.")
        String queue;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            try (Session session = common.session()) {
                DlqTarget target = dlqForRedrive(session.queues(), queue);
                ListMessageMoveTasksResultEntry task = tasks(session, target).stream().filter(t -> "RUNNING".equals(t.status())).findFirst()
                        .orElseThrow(() -> CliException.refused("no redrive of " + target.dlqName() + " is running"));
                long moved;
                try {
                    moved = session.sqs().cancelMessageMoveTask(r -> r.taskHandle(task.taskHandle())).approximateNumberOfMessagesMoved();
                } catch (SqsException e) {
                    throw CliException.refused("SQS refused to cancel the redrive: " + e.awsErrorDetails().errorMessage(), e);
                }
                session.audit().write(session.actor(), "redrive_cancel", target.dlqName(), null, null, Map.of("moved", moved), null,
                        "task " + task.taskHandle());
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("dlq", target.dlqName());
                f.put("task_handle", task.taskHandle());
                f.put("moved", moved);
                if (session.output().isJson()) {
                    session.output().record("redrive_cancelled", f);
                } else {
                    session.output().say("cancelled the redrive of " + target.dlqName() + " after about " + moved + " messages");
                }
                return ExitCode.OK;
            }
        }
    }

    private static Map<String, Object> fields(ListMessageMoveTasksResultEntry t) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("status", t.status());
        f.put("moved", t.approximateNumberOfMessagesMoved());
        f.put("to_move", t.approximateNumberOfMessagesToMove());
        f.put("rate", t.maxNumberOfMessagesPerSecond());
        f.put("started_at", t.startedTimestamp() == null ? null : Instant.ofEpochMilli(t.startedTimestamp()));
        f.put("destination", t.destinationArn());
        f.put("failure_reason", t.failureReason());
        f.put("task_handle", t.taskHandle());
        return f;
    }
}
