package dev.eventbus;

import java.util.Set;

/** Publishing an event type that has no route. Thrown before anything is sent. */
public final class NoRouteException extends EventBusException {

    private final String event;

    public NoRouteException(String event, Set<String> known) {
        super("no route for event type \"" + event + "\"; nothing was sent. Routed event types: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
        this.event = event;
    }

    public String event() {
        return event;
    }
}
