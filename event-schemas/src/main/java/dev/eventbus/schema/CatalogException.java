package dev.eventbus.schema;

/**
 * Thrown when the catalog or a schema file cannot be loaded or breaks a catalog rule (a missing current
 * version, an {@code $id} that disagrees with the file's path, a schema outside the restricted subset).
 * The message names every offending file.
 */
public final class CatalogException extends SchemaException {

    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
