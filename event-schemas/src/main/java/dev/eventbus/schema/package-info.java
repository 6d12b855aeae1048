/**
 * The event contract: event versions, the catalog of events with one JSON Schema per version, payload
 * validation (strict for publishers, tolerant for consumers), typed event handles and upcasters.
 * Subpackages: {@code compat} (the compatibility gate), {@code lock} (immutable published schemas),
 * {@code docs} (generated documentation).
 */
package dev.eventbus.schema;
