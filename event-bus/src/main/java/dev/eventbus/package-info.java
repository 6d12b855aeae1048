/**
 * Publishing events: {@link dev.eventbus.EventBus} wraps a payload in a versioned envelope and sends it
 * to the event's SNS topic (fan-out) or SQS queue (point-to-point).
 */
package dev.eventbus;
