/**
 * The transactional outbox: {@link dev.eventbus.outbox.Outbox} adds events to a table inside the caller's
 * database transaction, and {@link dev.eventbus.outbox.OutboxRelay} sends the committed rows through the
 * event bus, so an event is published if and only if its transaction commits. PostgreSQL, plain JDBC.
 */
package dev.eventbus.outbox;
