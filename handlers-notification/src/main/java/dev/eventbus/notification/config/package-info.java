/**
 * The worker's configuration: environment variables (and {@code *_FILE} secrets) parsed and validated
 * in one pass that names every problem, and the webhook endpoints file.
 */
package dev.eventbus.notification.config;
