/**
 * Published schemas are immutable: {@code schemas.lock} records the sha256 of every published schema
 * file, and {@link dev.eventbus.schema.lock.SchemaLock} finds files that were edited, deleted or not
 * yet locked.
 */
package dev.eventbus.schema.lock;
