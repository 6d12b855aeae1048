/**
 * What the transactional outbox needs from {@link dev.eventbus.EventBus}: encoding an event without
 * sending it, and sending events encoded earlier through the bus's batch path. Not part of the public
 * API: it may change in any release.
 */
package dev.eventbus.internal;
