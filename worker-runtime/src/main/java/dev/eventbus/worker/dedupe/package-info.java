/**
 * Deduplication: each attempt claims its event's key with a lease before the handler runs, marks it
 * done when the handler succeeds and releases it when it fails, every transition a compare-and-set, so
 * an event's effects happen once however often SQS delivers it. Redis in production, in memory for tests.
 */
package dev.eventbus.worker.dedupe;
