package dev.eventbus.worker.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventbus.worker.Worker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;

/**
 * The admin HTTP port of a worker process:
 *
 * <ul>
 *   <li>{@code GET /metrics}: the Prometheus scrape of the registry;
 *   <li>{@code GET /health/live}: 200 while the process serves requests;
 *   <li>{@code GET /health/ready}: 200 when every worker is running and its dedupe store answers, 503
 *       (with the reasons) otherwise, e.g. while Redis is down or during shutdown.
 * </ul>
 *
 * Requests are served on virtual threads. Close it after the workers.
 */
public final class AdminServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final PrometheusMeterRegistry registry;
    private final List<Worker> workers;

    private AdminServer(Builder b) {
        this.registry = b.registry;
        this.workers = List.copyOf(b.workers);
        try {
            this.server = HttpServer.create(b.address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + b.address, e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", this::metrics);
        server.createContext("/health/live", exchange -> respond(exchange, 200, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/health/ready", this::ready);
    }

    public static Builder builder() {
        return new Builder();
    }

    public AdminServer start() {
        server.start();
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (registry == null) {
            respond(exchange, 404, "text/plain", "no metrics registry configured");
            return;
        }
        respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
    }

    private void ready(HttpExchange exchange) throws IOException {
        StringBuilder body = new StringBuilder("{\"workers\":{");
        boolean ready = !workers.isEmpty();
        for (int i = 0; i < workers.size(); i++) {
            Worker.Health health = workers.get(i).health();
            ready &= health.ready();
            body.append(i == 0 ? "" : ",").append('"').append(json(workers.get(i).consumer())).append("\":{\"ready\":")
                    .append(health.ready()).append(",\"detail\":\"").append(json(health.detail())).append("\"}");
        }
        body.append("},\"status\":\"").append(ready ? "UP" : "DOWN").append("\"}");
        respond(exchange, ready ? 200 : 503, "application/json", body.toString());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Builds an {@link AdminServer}; {@code address} is required. */
    public static final class Builder {
        private InetSocketAddress address;
        private PrometheusMeterRegistry registry;
        private final List<Worker> workers = new ArrayList<>();

        private Builder() {}

        /** Where to listen, e.g. {@code new InetSocketAddress(9090)} for every interface in a container. */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder registry(PrometheusMeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** A worker whose health counts towards readiness. */
        public Builder worker(Worker worker) {
            this.workers.add(Objects.requireNonNull(worker, "worker"));
            return this;
        }

        public AdminServer build() {
            Objects.requireNonNull(address, "the admin address is required");
            return new AdminServer(this);
        }
    }
}
