/**
 * Operating a worker process: an admin HTTP port with the Prometheus scrape endpoint and liveness and
 * readiness checks, and graceful shutdown on SIGTERM.
 */
package dev.eventbus.worker.admin;
