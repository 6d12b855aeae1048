package dev.eventbus.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventbus.events.Events;
import dev.eventbus.events.OrderCompletedV1;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.testing.TestQueues;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same email path through Amazon SES v2 ({@code EMAIL_TRANSPORT=ses}) against moto's SES: the raw
 * MIME message SES received has the recipient, the derived Message-ID and both alternatives. The test
 * environment's AWS endpoint (moto_server) serves SES too; moto shows what SES was sent on its
 * {@code /moto-api/data.json} page.
 */
@ExtendWith(EmulatorExtension.class)
class SesEmailIT {

    @Test
    void orderConfirmationGoesOutThroughSesWithTheDerivedMessageIdAndBothParts(Emulators env) throws Exception {
        URI endpoint = env.aws().sns(); // moto_server (and LocalStack) serve every service on one endpoint
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> probe = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(probe.statusCode()).as("this test reads what SES was sent from moto_server; the AWS endpoint here is "
                + env.aws().description()).isEqualTo(200);
        try (SesV2Client ses = SesV2Client.builder().endpointOverride(endpoint).region(Region.of(env.aws().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            ses.createEmailIdentity(r -> r.emailIdentity("orders@shop.example"));
        }
        TestQueues.TestQueue queue = NotificationFixture.queue(env);
        Map<String, String> environment = new java.util.HashMap<>(NotificationFixture.environment(env, queue, null, null));
        environment.put("EMAIL_TRANSPORT", "ses");
        environment.put("SES_ENDPOINT_URL", endpoint.toString());
        String recipient = "ses-" + System.nanoTime() + "@example.com";
        try (NotificationFixture worker = NotificationFixture.start(env, environment, queue)) {
            String id = worker.bus.publish(Events.ORDER_COMPLETED_V1, new OrderCompletedV1(7001, 88, recipient, "9.50", 950L, "EUR",
                    List.of(new OrderCompletedV1.LineItem("MUG-3", 1, "Mug")), Instant.parse("2026-11-23T10:15:30Z"))).eventId();

            List<MimeMessage> sent = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                sent.clear();
                sent.addAll(sentTo(http, endpoint, recipient));
                return worker.depths()[0] == 0 && !sent.isEmpty();
            });
            assertThat(sent).hasSize(1);
            MimeMessage email = sent.getFirst();
            assertThat(email.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly(recipient);
            assertThat(email.getMessageID()).isEqualTo("<order-confirmation." + id + "@shop.example>");
            String[] parts = NotificationWorkerIT.alternatives(email);
            assertThat(parts[0]).contains("1 x Mug (MUG-3)", "Total: 9.50 EUR");
            assertThat(parts[1]).contains("<td>Mug</td>");
            assertThat(worker.feed.recent(88, 10)).hasSize(1);
            assertThat(worker.counter("eventbus.notification.emails", "transport", "ses", "outcome", "sent")).isEqualTo(1);
            assertThat(worker.depths()).containsExactly(0, 0);
        }
    }

    /** The raw messages moto's SES accepted for {@code recipient}. */
    private static List<MimeMessage> sentTo(HttpClient http, URI endpoint, String recipient) throws Exception {
        String data = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        List<MimeMessage> messages = new ArrayList<>();
        for (JsonNode raw : JsonMapper.builder().build().readTree(data).path("ses").path("RawMessage")) {
            if (raw.path("destinations").toString().contains(recipient)) {
                messages.add(new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(raw.path("raw_data").asString().getBytes(StandardCharsets.UTF_8))));
            }
        }
        return messages;
    }
}
