/**
 * Consuming events: a {@link dev.eventbus.worker.Worker} long-polls one SQS queue and runs each message
 * through an interceptor chain to the {@link dev.eventbus.worker.Handler} registered for its event type
 * and major version; the chain's {@link dev.eventbus.worker.Outcome} decides whether the message is
 * deleted, retried later or dead-lettered.
 */
package dev.eventbus.worker;
