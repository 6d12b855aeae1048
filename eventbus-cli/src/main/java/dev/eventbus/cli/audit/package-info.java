/**
 * The audit trail: one record per replay, redrive, purge, export, forced re-execution and revealed
 * payload (who, when, which queue, which filter, counts, replay id), in a Redis stream and in the log,
 * and {@code eventbus audit}, which lists them.
 */
package dev.eventbus.cli.audit;
