/**
 * {@code eventbus dlq export} (the DLQ's messages as NDJSON, bodies and attributes, for a ticket or a
 * later import) and {@code eventbus dlq purge} (deletes a filtered part, after writing it to an export
 * file and asking).
 */
package dev.eventbus.cli.export;
