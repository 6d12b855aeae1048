/**
 * {@code eventbus dlq replay}: moves a filtered part of a DLQ back to its queue (or another) at a
 * controlled rate, sending each message before deleting it so that nothing is lost and a copy doubled by
 * a crash is recognised by the consumer's dedupe; with a dry run that predicts duplicates, canaries, and
 * forced re-execution.
 */
package dev.eventbus.cli.replay;
