/**
 * The worker's machinery, not a public API: the poller, dispatcher, chain, acknowledger and the
 * built-in interceptors that decode messages and invoke handlers.
 */
package dev.eventbus.worker.internal;
