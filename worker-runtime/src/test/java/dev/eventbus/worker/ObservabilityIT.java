package dev.eventbus.worker;

import static dev.eventbus.worker.WorkerFixture.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.eventbus.PublishReceipt;
import dev.eventbus.events.Events;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventType;
import dev.eventbus.testing.ElasticMq;
import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import dev.eventbus.worker.WorkerFixture.Order;
import dev.eventbus.worker.admin.AdminServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What operators see: the Prometheus scrape, the health endpoints, and JSON log lines with MDC fields. */
@ExtendWith(EmulatorExtension.class)
class ObservabilityIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theScrapeEndpointExposesTheWorkerMetersAndTheHealthEndpointsAnswer(ElasticMq sqs, Emulators env) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List<Long> handled = new CopyOnWriteArrayList<>();
            Worker worker = fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> handled.add(e.payload().orderId()))
                    .build()).meterRegistry(registry));
            try (AdminServer admin = AdminServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).registry(registry).worker(worker)
                    .build().start()) {
                PublishReceipt first = fixture.publish(1);
                fixture.publish(2);
                fixture.publish(WorkerFixture.order(1).withId(first.eventId()));
                fixture.sendRaw("not json", EVENT);
                await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 2 && fixture.depth() == 0);

                String consumer = "consumer=\"" + fixture.consumer + "\"";
                String scrape = get(admin, "/metrics").body();
                assertThat(scrape)
                        .contains("eventbus_worker_messages_received_total{" + consumer + "} 4.0")
                        .containsPattern("eventbus_worker_messages_handled_total\\{" + consumer + ",event=\"order.completed\",outcome=\"acked\"} 2.0")
                        .containsPattern("eventbus_worker_messages_handled_total\\{" + consumer + ",event=\"order.completed\",outcome=\"duplicate\"} 1.0")
                        .containsPattern("eventbus_worker_messages_handled_total\\{" + consumer + ",event=\"order.completed\",outcome=\"dead_letter\"} 1.0")
                        .containsPattern("eventbus_worker_dlq_sent_total\\{" + consumer + ",reason=\"malformed_json\"} 1.0")
                        .contains("eventbus_worker_dedupe_hits_total{" + consumer + "} 1.0")
                        .contains("eventbus_worker_dedupe_errors_total{" + consumer + "} 0.0")
                        .contains("eventbus_worker_dedupe_available{" + consumer + "} 1.0")
                        .containsPattern("eventbus_worker_handler_duration_seconds_count\\{" + consumer + ",event=\"order.completed\",outcome=\"acked\"} 2")
                        .containsPattern("eventbus_worker_lag_seconds_count\\{" + consumer + ",event=\"order.completed\"} 2")
                        .containsPattern("eventbus_worker_lag_seconds_max\\{" + consumer + ",event=\"order.completed\"}")
                        .as("percentile histograms are off by default").doesNotContain("_bucket")
                        .contains("eventbus_worker_inflight{" + consumer + "} 0.0")
                        .contains("eventbus_worker_inflight_limit{" + consumer + "} 64.0")
                        .containsPattern("eventbus_worker_polls_total\\{" + consumer + ",result=\"messages\"} [1-9]")
                        .doesNotContain(first.eventId())
                        .doesNotContain("example.com");

                assertThat(get(admin, "/health/live").statusCode()).isEqualTo(200);
                HttpResponse<String> ready = get(admin, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("\"status\":\"UP\"");

                worker.close();
                HttpResponse<String> stopped = get(admin, "/health/ready");
                assertThat(stopped.statusCode()).isEqualTo(503);
                assertThat(stopped.body()).contains("worker is stopped");
            }
        }
    }

    @Test
    void aFreshWorkerHandlingEveryCatalogEventExposesAFewDozenSeriesBeforeTrafficAndHistogramsOnlyWhenAskedFor(ElasticMq sqs,
            Emulators env) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5);
                WorkerFixture other = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            Handlers.Builder every = Handlers.builder();
            for (EventType<?> type : Events.all()) {
                every.register(Registration.of(type.name(), type.major(), Object.class, e -> { }));
            }
            Handlers handlers = every.build();
            assertThat(handlers.events()).hasSize(8);
            PrometheusMeterRegistry plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            PrometheusMeterRegistry histograms = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            fixture.start(fixture.worker(handlers).catalog(EventCatalog.load()).meterRegistry(plain));
            other.start(other.worker(handlers).catalog(EventCatalog.load()).meterRegistry(histograms)
                    .config(WorkerFixture.FAST.withPercentileHistograms(true)));

            long fresh = series(plain.scrape());
            System.out.println("ObservabilityIT: a fresh worker with the 8 catalog events exposes " + fresh + " series");
            // Histograms registered up front for every event type and outcome made about 11,000.
            assertThat(fresh).isBetween(5L, 60L);
            assertThat(series(histograms.scrape())).isEqualTo(fresh);

            for (long order = 0; order < 4; order++) {
                fixture.publish(order);
                other.publish(order);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> fixture.depth() == 0 && other.depth() == 0);
            long afterTraffic = series(plain.scrape());
            System.out.println("ObservabilityIT: after 4 messages of one type, " + afterTraffic + " series; with histograms, "
                    + series(histograms.scrape()));
            assertThat(afterTraffic).as("one event type and one outcome seen").isBetween(fresh, fresh + 20);
            assertThat(plain.scrape()).doesNotContain("_bucket");
            assertThat(histograms.scrape()).containsPattern("eventbus_worker_processing_duration_seconds_bucket\\{");
        }
    }

    /** The number of samples (series) in a Prometheus scrape. */
    private static long series(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }

    @Test
    void withTheShippedContainerConfigAHandledMessageIsLoggedAsJsonWithItsMdcFieldsAndWithoutItsPayload(ElasticMq sqs, Emulators env)
            throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream console = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setProperty("EVENTBUS_HANDLED_LOG_LEVEL", "DEBUG");
        configure(context, getClass().getClassLoader().getResource("eventbus-logback-json.xml"));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (WorkerFixture fixture = new WorkerFixture(sqs.sqs(), sqs.queues(), env.redis().uri(), Duration.ofSeconds(30), 5)) {
            List<Long> handled = new CopyOnWriteArrayList<>();
            fixture.start(fixture.worker(Handlers.builder().on(EVENT, 1, Order.class, e -> handled.add(e.payload().orderId())).build()));

            PublishReceipt receipt = fixture.bus.publish(EVENT, Map.of("order_id", 77, "user_email", "very-private@example.com"));
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).contains("handled in"));

            String line = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("handled in")).findFirst().orElseThrow();
            JsonNode json = JsonMapper.builder().build().readTree(line);
            JsonNode mdc = json.get("mdc");
            assertThat(json.get("level").asString()).isEqualTo("DEBUG");
            assertThat(json.get("formattedMessage").asString()).matches("handled in \\d+ ms");
            assertThat(mdc.get("event_id").asString()).isEqualTo(receipt.eventId());
            assertThat(mdc.get("event_type").asString()).isEqualTo(EVENT);
            assertThat(mdc.get("event_version").asString()).isEqualTo("1.0");
            assertThat(mdc.get("message_id").asString()).isEqualTo(receipt.messageId());
            assertThat(mdc.get("receive_count").asString()).isEqualTo("1");
            assertThat(mdc.get("outcome").asString()).isEqualTo("acked");
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("very-private").doesNotContain("\"order_id\"");
        } finally {
            System.setOut(console);
            System.clearProperty("EVENTBUS_HANDLED_LOG_LEVEL");
            configure(context, getClass().getClassLoader().getResource("logback-test.xml"));
        }
    }

    private static void configure(LoggerContext context, URL config) throws Exception {
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
    }

    private HttpResponse<String> get(AdminServer admin, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
