/**
 * The project's events as Java types: one record per (event, major version), the {@code EventType}
 * constants publishers and handlers use, and the upcasters that convert one major into the next.
 * Records and schemas are kept in step by a test; a change to one needs the other.
 */
package dev.eventbus.events;
