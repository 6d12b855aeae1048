package dev.eventbus.cli.queue;

import java.util.List;
import java.util.Objects;

/**
 * A dead-letter queue and where its messages came from.
 *
 * @param dlqUrl the DLQ
 * @param sourceUrl the one queue that dead-letters into it (the queue the user named, or the DLQ's only
 *     source), or {@code null} when the DLQ has several sources and the user named the DLQ itself
 * @param maxReceiveCount the source's redrive policy's maxReceiveCount, 0 when unknown
 * @param sourceUrls every queue whose redrive policy names this DLQ, as far as SQS lists them
 */
public record DlqTarget(String dlqUrl, String dlqArn, String sourceUrl, String sourceArn, int maxReceiveCount, List<String> sourceUrls) {

    public DlqTarget {
        Objects.requireNonNull(dlqUrl, "dlqUrl");
        sourceUrls = List.copyOf(sourceUrls);
    }

    public String dlqName() {
        return QueueResolver.nameOf(dlqUrl);
    }

    /** The source queue's name, or {@code null}. */
    public String sourceName() {
        return sourceUrl == null ? null : QueueResolver.nameOf(sourceUrl);
    }

    /** "notifications-dlq (DLQ of notifications)" */
    public String describe() {
        return dlqName() + (sourceUrl == null ? "" : " (DLQ of " + sourceName() + ")");
    }
}
