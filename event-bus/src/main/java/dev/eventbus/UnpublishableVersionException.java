package dev.eventbus;

/**
 * An event published at a version the catalog does not allow: unknown to it, or a major newer than the
 * catalog's current version (consumers must be able to read a major before publishers send it).
 * Thrown before anything is sent.
 */
public final class UnpublishableVersionException extends EventBusException {

    public UnpublishableVersionException(String message) {
        super(message);
    }
}
