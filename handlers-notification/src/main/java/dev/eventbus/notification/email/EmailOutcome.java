package dev.eventbus.notification.email;

/** What became of one email: the service accepted it, or refused it for good. */
public enum EmailOutcome {
    SENT,
    REFUSED
}
