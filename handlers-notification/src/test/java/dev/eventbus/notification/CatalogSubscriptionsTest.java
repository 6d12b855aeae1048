package dev.eventbus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.events.Events;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventType;
import dev.eventbus.notification.email.EmailTemplates;
import dev.eventbus.notification.email.Mailer;
import dev.eventbus.notification.email.OutageGate;
import dev.eventbus.notification.email.SmtpSettings;
import dev.eventbus.notification.email.SmtpTransport;
import dev.eventbus.notification.feed.InMemoryFeedStore;
import dev.eventbus.notification.metrics.NotificationMetrics;
import dev.eventbus.notification.webhook.WebhookClient;
import dev.eventbus.notification.webhook.Webhooks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class CatalogSubscriptionsTest {

    /** A subscription added to the catalog without a handler here would send those events to the DLQ. */
    @Test
    void theHandlersCoverExactlyTheEventsTheCatalogSubscribesNotificationsTo() {
        assertThat(Notifications.events()).isEqualTo(NotificationWorker.consumedBy(EventCatalog.load(), "notifications"));
    }

    @Test
    void everyMajorOfThoseEventsHasItsOwnHandler() throws Exception {
        NotificationMetrics metrics = new NotificationMetrics(new SimpleMeterRegistry());
        Mailer mailer = new Mailer(new SmtpTransport(SmtpSettings.of("localhost", 25, SmtpSettings.Security.NONE)),
                new EmailTemplates(Notifications.TEMPLATES), new InternetAddress("orders@shop.example"), null, new OutageGate(),
                Duration.ofSeconds(1), metrics);
        Webhooks webhooks = new Webhooks(List.of(), WebhookClient.builder().build(), metrics, Clock.systemUTC(), JsonMapper.builder().build());
        var handlers = new Notifications(mailer, webhooks, new InMemoryFeedStore(), metrics).handlers();
        var majors = Events.all().stream().filter(t -> Notifications.events().contains(t.name())).collect(Collectors.toSet());
        for (EventType<?> type : majors) {
            assertThat(handlers.find(type.name(), type.major())).as(type.name() + " v" + type.major()).isPresent();
        }
    }
}
