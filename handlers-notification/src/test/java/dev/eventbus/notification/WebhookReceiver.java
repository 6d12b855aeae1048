package dev.eventbus.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A customer's webhook endpoint in the test JVM (the JDK's HTTP server): records every POST and
 * answers with the statuses it was scripted with (then 200). Verifies signatures with its own HMAC
 * code, as a receiver following Standard Webhooks would, not with the worker's signer.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Delivery(String id, String timestamp, String signature, String contentType, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    private final byte[] key;

    WebhookReceiver(String secret) throws IOException {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hooks", this::handle);
        server.start();
    }

    /** The statuses to answer the next requests with, in order; 200 after them. */
    WebhookReceiver answering(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        deliveries.add(new Delivery(x.getRequestHeaders().getFirst("webhook-id"), x.getRequestHeaders().getFirst("webhook-timestamp"),
                x.getRequestHeaders().getFirst("webhook-signature"), x.getRequestHeaders().getFirst("Content-Type"), body));
        Integer next = script.poll();
        int status = next == null ? 200 : next;
        byte[] reply = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, reply.length);
        x.getResponseBody().write(reply);
        x.close();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    List<Delivery> deliveriesOf(String webhookId) {
        return deliveries.stream().filter(d -> webhookId.equals(d.id())).toList();
    }

    /** True when one of the delivery's {@code v1,} signatures is the HMAC-SHA256 of {@code id.timestamp.body} under this receiver's key. */
    boolean signatureValid(Delivery d) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((d.id() + "." + d.timestamp() + "." + d.bodyText()).getBytes(StandardCharsets.UTF_8));
        for (String part : d.signature().split(" ")) {
            if (part.startsWith("v1,") && MessageDigest.isEqual(Base64.getDecoder().decode(part.substring(3)), expected)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
