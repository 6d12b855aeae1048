package dev.eventbus.schema;

/**
 * The base of every exception event-schemas throws: an event contract that is missing, inconsistent or
 * cannot be applied. Unchecked; messages name the event, version, file or JSON pointer involved.
 */
public class SchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
