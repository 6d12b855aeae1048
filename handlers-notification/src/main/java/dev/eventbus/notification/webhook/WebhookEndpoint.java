package dev.eventbus.notification.webhook;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A customer's webhook endpoint: where deliveries go, which event types it receives, the secrets they
 * are signed with (several during a rotation), and whether it is enabled.
 *
 * @param id a short name ({@code [A-Za-z0-9_-]}, at most 64): the metric tag and the name of its step
 */
public record WebhookEndpoint(String id, URI url, Set<String> events, List<WebhookSecret> secrets, boolean enabled) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an endpoint id has 1 to 64 letters, digits, '_' or '-'");
        }
        events = Set.copyOf(events);
        secrets = List.copyOf(secrets);
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("endpoint " + id + " has no signing secret");
        }
    }

    /** True when this endpoint is enabled and receives {@code eventType}. */
    public boolean receives(String eventType) {
        return enabled && events.contains(eventType);
    }

    @Override
    public String toString() {
        return "webhook " + id + " (" + url.getHost() + ")";
    }
}
