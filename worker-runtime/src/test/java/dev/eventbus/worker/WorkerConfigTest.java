package dev.eventbus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    private final WorkerConfig defaults = WorkerConfig.defaults();

    @Test
    void defaultsLongPollTwentySecondsForTenMessagesAndRememberEventsLongerThanADlqKeepsThem() {
        assertThat(defaults.waitTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.maxMessagesPerPoll()).isEqualTo(10);
        assertThat(defaults.dedupeTtl()).isGreaterThan(Duration.ofDays(14));
        assertThat(defaults.visibilityTimeout()).as("the queue's own").isNull();
    }

    @Test
    void rejectsSettingsSqsCannotHonour() {
        assertThatThrownBy(() -> defaults.withWaitTime(Duration.ofSeconds(21))).hasMessageContaining("waitTime");
        assertThatThrownBy(() -> defaults.withMaxMessagesPerPoll(11)).hasMessageContaining("1..10");
        assertThatThrownBy(() -> defaults.withVisibilityTimeout(Duration.ofHours(13))).hasMessageContaining("12 h");
        assertThatThrownBy(() -> defaults.withHandlerTimeout(Duration.ofHours(13))).hasMessageContaining("12 h");
    }

    @Test
    void rejectsADedupeTtlShorterThanAWeekBecauseRedeliveriesAndReplaysWouldRunHandlersAgain() {
        assertThatThrownBy(() -> defaults.withDedupeTtl(Duration.ofHours(24)))
                .hasMessageContaining("at least 7 days");
    }

    @Test
    void aWorkerWithoutAnExplicitDedupeChoiceIsRefused() {
        Handlers handlers = Handlers.builder().on("order.completed", 1, java.util.Map.class, e -> { }).build();
        assertThatThrownBy(() -> Worker.builder().sqs(software.amazon.awssdk.services.sqs.SqsClient.builder()
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1).build())
                .queueUrl("http://127.0.0.1/000000000000/q").handlers(handlers).build())
                .hasMessageContaining("choose a dedupe store");
    }
}
