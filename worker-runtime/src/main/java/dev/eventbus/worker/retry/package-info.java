/**
 * Retries: failures are classified once into retryable or not, and a retryable failure comes back
 * after an exponential, jittered, capped delay computed from the message's ApproximateReceiveCount.
 */
package dev.eventbus.worker.retry;
