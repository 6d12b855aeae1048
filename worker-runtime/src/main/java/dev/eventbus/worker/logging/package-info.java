/**
 * Logging for handled messages: MDC fields (event id, type, version, message id, receive count,
 * outcome) on every line logged while a message is handled. Payloads are never logged.
 */
package dev.eventbus.worker.logging;
