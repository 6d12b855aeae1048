package dev.eventbus.cli.read;

import dev.eventbus.cli.Session;
import dev.eventbus.cli.queue.DlqTarget;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What every DLQ command starts from: the DLQ the user named (resolved with its source and redrive
 * policy), how to decode its messages, and a reader with the command's read options.
 */
public final class DlqRead {

    /** SQS's approximate counts of a queue: visible, and received but not yet deleted or released. */
    public record Depth(long visible, long inFlight) {}

    private final Session session;
    private final DlqTarget target;
    private final DeadLetters letters;
    private final DlqReader reader;

    private DlqRead(Session session, DlqTarget target, DeadLetters letters, DlqReader reader) {
        this.session = session;
        this.target = target;
        this.letters = letters;
        this.reader = reader;
    }

    public static DlqRead open(Session session, String queue, ReadOptions options) {
        DlqTarget target = session.queues().dlqOf(queue);
        DeadLetters letters = new DeadLetters(session.codec(), session.records(), options.consumer(), target.sourceName());
        return new DlqRead(session, target, letters, new DlqReader(session.sqs(), target.dlqUrl(), options.settings()));
    }

    public DlqTarget target() {
        return target;
    }

    public DeadLetters letters() {
        return letters;
    }

    /** Starts a read with a progress bar (on a terminal) labelled {@code verb}. */
    public DlqReader.Scan scan(String verb) {
        return reader.open(session.progress(verb + " " + target.dlqName(), depth().visible()), session.err());
    }

    public Depth depth() {
        return depthOf(target.dlqUrl());
    }

    public Depth depthOf(String queueUrl) {
        Map<QueueAttributeName, String> a = session.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new Depth(Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
    }
}
