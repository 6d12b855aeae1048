package dev.eventbus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.notification.config.NotificationSettings;
import dev.eventbus.schema.EventCatalog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandlerTimeoutTest {

    private static final EventCatalog CATALOG = EventCatalog.load();

    private static NotificationSettings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("QUEUE_URL", "http://127.0.0.1:9324/000000000000/notifications",
                "AWS_REGION", "eu-west-1", "REDIS_URL", "redis://127.0.0.1:6379", "EMAIL_FROM", "orders@shop.example",
                "SMTP_HOST", "smtp.shop.example"));
        env.putAll(extra);
        return NotificationSettings.fromEnvironment(env, Set.of("order.completed"));
    }

    @Test
    void withoutTheSettingTheLimitIsTheOneTheCatalogSizedTheQueueFor() {
        Duration catalogLimit = CATALOG.consumer("notifications").orElseThrow().handlerTimeout();
        assertThat(NotificationApp.handlerTimeout(settings(Map.of()), CATALOG)).isEqualTo(catalogLimit);
    }

    @Test
    void handlerTimeoutSecondsOverridesTheCatalog() {
        assertThat(NotificationApp.handlerTimeout(settings(Map.of("HANDLER_TIMEOUT_SECONDS", "7")), CATALOG))
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aConsumerTheCatalogDoesNotKnowGetsTheWorkersDefault() {
        assertThat(NotificationApp.handlerTimeout(settings(Map.of("CONSUMER", "not-in-catalog")), CATALOG))
                .isEqualTo(dev.eventbus.worker.WorkerConfig.DEFAULT_HANDLER_TIMEOUT);
    }
}
