/**
 * What the worker left behind about a failed message, as the tool shows it: the failure carried by the
 * dead letter's {@code eventbus.failure} attribute or kept in Redis as the event's failure record, and
 * the event's dedupe state. Read through worker-runtime's own API, never by building Redis keys here.
 */
package dev.eventbus.cli.failure;
