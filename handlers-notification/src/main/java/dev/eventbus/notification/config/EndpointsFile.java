package dev.eventbus.notification.config;

import dev.eventbus.notification.webhook.AddressPolicy;
import dev.eventbus.notification.webhook.WebhookEndpoint;
import dev.eventbus.notification.webhook.WebhookSecret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook endpoints file ({@code WEBHOOK_ENDPOINTS_FILE}), JSON:
 *
 * <pre>{@code
 * {"endpoints": [
 *   {"id": "acme", "url": "https://hooks.acme.example/eventbus", "events": ["order.completed"],
 *    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "enabled": true},
 *   {"id": "globex", "url": "https://globex.example/in", "events": ["order.completed", "user.registered"],
 *    "secret_file": "/run/secrets/globex-webhook"}
 * ]}
 * }</pre>
 *
 * Each endpoint has an {@code id} ({@code [A-Za-z0-9_-]}, unique), a {@code url} the SSRF policy accepts,
 * {@code events} (types the notification worker consumes), and its signing secrets: {@code secret},
 * {@code secrets} (a list, for rotation), or {@code secret_file} (a file holding one or more, separated
 * by whitespace); {@code enabled} defaults to true. Every problem is reported, naming the endpoint.
 */
final class EndpointsFile {

    private static final Set<String> FIELDS = Set.of("id", "url", "events", "secret", "secrets", "secret_file", "enabled");

    private EndpointsFile() {}

    static List<WebhookEndpoint> read(Path file, Set<String> consumedEvents, AddressPolicy policy, Consumer<String> problem) {
        String where = "WEBHOOK_ENDPOINTS_FILE (" + file + ")";
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            problem.accept(where + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
            return List.of();
        } catch (JacksonException e) {
            problem.accept(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
            return List.of();
        }
        JsonNode list = root.path("endpoints");
        if (!list.isArray()) {
            problem.accept(where + ": expected {\"endpoints\": [...]}");
            return List.of();
        }
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String id = e.path("id").isString() ? e.path("id").asString() : null;
            String at = where + ": endpoints[" + i + "]" + (id == null ? "" : " (" + id + ")");
            List<String> own = new ArrayList<>();
            if (!e.isObject()) {
                problem.accept(at + ": an endpoint is a JSON object");
                continue;
            }
            for (String field : e.propertyNames()) {
                if (!FIELDS.contains(field)) {
                    own.add("unknown field " + field + " (known: id, url, events, secret, secrets, secret_file, enabled)");
                }
            }
            if (id == null) {
                own.add("id is required");
            } else if (!ids.add(id)) {
                own.add("id " + id + " is used twice");
            }
            URI url = url(e.path("url"), policy, own);
            Set<String> events = events(e.path("events"), consumedEvents, own);
            List<WebhookSecret> secrets = secrets(e, own);
            JsonNode enabled = e.path("enabled");
            if (!enabled.isMissingNode() && !enabled.isBoolean()) {
                own.add("enabled must be true or false");
            }
            if (own.isEmpty()) {
                try {
                    endpoints.add(new WebhookEndpoint(id, url, events, secrets, enabled.isMissingNode() || enabled.asBoolean()));
                } catch (IllegalArgumentException ex) {
                    own.add(ex.getMessage());
                }
            }
            own.forEach(p -> problem.accept(at + ": " + p));
        }
        return endpoints;
    }

    private static URI url(JsonNode node, AddressPolicy policy, List<String> problems) {
        if (!node.isString()) {
            problems.add("url is required");
            return null;
        }
        try {
            URI url = new URI(node.asString());
            policy.checkUrl(url).ifPresent(why -> problems.add("url " + url + " is refused: " + why));
            return url;
        } catch (URISyntaxException ex) {
            problems.add("url is not a valid URL");
            return null;
        }
    }

    private static Set<String> events(JsonNode node, Set<String> consumed, List<String> problems) {
        Set<String> events = new LinkedHashSet<>();
        if (!node.isArray() || node.isEmpty()) {
            problems.add("events must list at least one event type");
            return events;
        }
        for (JsonNode type : node) {
            String t = type.asString("");
            if (!consumed.contains(t)) {
                problems.add("event " + t + " is not one the notification worker consumes " + consumed);
            }
            events.add(t);
        }
        return events;
    }

    private static List<WebhookSecret> secrets(JsonNode e, List<String> problems) {
        List<String> texts = new ArrayList<>();
        int sources = 0;
        if (e.has("secret")) {
            sources++;
            texts.add(e.path("secret").asString(""));
        }
        if (e.has("secrets")) {
            sources++;
            if (e.path("secrets").isArray()) {
                e.path("secrets").forEach(s -> texts.add(s.asString("")));
            } else {
                problems.add("secrets must be a list");
            }
        }
        if (e.has("secret_file")) {
            sources++;
            Path path = Path.of(e.path("secret_file").asString(""));
            try {
                for (String s : Files.readString(path, StandardCharsets.UTF_8).split("\\s+")) {
                    if (!s.isEmpty()) {
                        texts.add(s);
                    }
                }
            } catch (IOException | RuntimeException ex) {
                problems.add("cannot read secret_file " + path + " (" + ex.getClass().getSimpleName() + ")");
                return List.of();
            }
        }
        if (sources == 0) {
            problems.add("a signing secret is required (secret, secrets or secret_file)");
        } else if (sources > 1) {
            problems.add("give the signing secrets one way: secret, secrets or secret_file");
        }
        List<WebhookSecret> secrets = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                secrets.add(WebhookSecret.parse(texts.get(i)));
            } catch (IllegalArgumentException ex) {
                problems.add("secret " + (i + 1) + ": " + ex.getMessage());
            }
        }
        if (sources > 0 && texts.isEmpty()) {
            problems.add("no signing secret found");
        }
        return secrets;
    }
}
