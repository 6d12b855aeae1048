package dev.eventbus.schema;

/**
 * Thrown when the catalog has no schema for an event, or none for the requested version or major. The
 * message names the event, the version asked for and the versions the catalog does know.
 */
public final class UnknownSchemaException extends SchemaException {

    private static final long serialVersionUID = 1L;

    public UnknownSchemaException(String message) {
        super(message);
    }
}
