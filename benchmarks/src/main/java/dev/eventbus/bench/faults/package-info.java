/**
 * The fault suite ({@code ./scripts/faults}): worker JVMs, ElasticMQ and Redis under kill -9, SIGTERM and
 * Redis faults, a ledger of side effects in a Redis no fault touches, and the report that says what became
 * of every event. Shares the benchmark's process and SQS plumbing; not shipped.
 */
package dev.eventbus.bench.faults;
