/**
 * Micrometer meters for a worker: messages received and handled by outcome, handler duration,
 * end-to-end lag, in-flight, polls, DLQ sends, dedupe hits and store errors. Tags are bounded.
 */
package dev.eventbus.worker.metrics;
