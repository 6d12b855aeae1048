package dev.eventbus;

import java.util.List;

/**
 * Some events of a {@link EventBus#publishAll(List)} were not accepted, even after one retry of the
 * failed entries. The others were sent: {@link #published()} lists them. Publish {@link #failed()}
 * again as they are; each keeps its event id, so a copy that did arrive is deduplicated.
 */
public final class BatchPublishException extends EventBusException {

    /** One event that was not accepted, with the id it was sent with and why SNS or SQS refused it. */
    public record Failed(OutgoingEvent event, String code, String reason) {}

    private final List<PublishReceipt> published;
    private final List<Failed> failed;

    public BatchPublishException(List<PublishReceipt> published, List<Failed> failed) {
        super(failed.size() + " of " + (published.size() + failed.size()) + " events were not published (first: "
                + failed.get(0).event().event() + " id " + failed.get(0).event().id() + ": " + failed.get(0).code() + " "
                + failed.get(0).reason() + "); the rest were. Publish failed() again: they keep their event ids.");
        this.published = List.copyOf(published);
        this.failed = List.copyOf(failed);
    }

    public List<PublishReceipt> published() {
        return published;
    }

    public List<Failed> failed() {
        return failed;
    }
}
