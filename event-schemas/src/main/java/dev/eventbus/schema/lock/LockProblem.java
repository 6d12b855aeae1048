package dev.eventbus.schema.lock;

import java.util.Objects;

/**
 * One way the schema files and {@code schemas.lock} disagree.
 *
 * @param kind what went wrong
 * @param path the schema file, relative to the {@code eventbus/} directory
 *     ({@code schemas/order.completed/1.2.json})
 * @param message what happened and what to do, in plain words
 */
public record LockProblem(Kind kind, String path, String message) {

    /** How a schema file and the lock disagree. */
    public enum Kind {
        /** A locked file's content changed: published schemas are immutable. */
        EDITED,
        /** A locked file is gone: published schemas are never deleted. */
        DELETED,
        /** A schema file is not in the lock yet. */
        UNLOCKED
    }

    public LockProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message;
    }
}
