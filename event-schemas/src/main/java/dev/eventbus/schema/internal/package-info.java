/**
 * Plumbing shared by the schema packages (reading trusted JSON files, following local {@code $ref}s).
 * Not part of the public API: it may change in any release.
 */
package dev.eventbus.schema.internal;
