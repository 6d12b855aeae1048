/**
 * {@code eventbus dlq redrive}: SQS's own redrive (StartMessageMoveTask) of a whole DLQ, its status and
 * cancellation, refused with the reason where SQS cannot do it.
 */
package dev.eventbus.cli.redrive;
