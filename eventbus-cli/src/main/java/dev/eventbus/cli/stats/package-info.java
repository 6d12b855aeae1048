/** {@code eventbus dlq stats}: what is in a DLQ, grouped by cause, without draining it. */
package dev.eventbus.cli.stats;
