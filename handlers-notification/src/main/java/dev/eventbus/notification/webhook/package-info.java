/**
 * Webhooks: endpoints from a file, deliveries signed per Standard Webhooks, and an HTTP client that
 * refuses to reach loopback, private, link-local, multicast and cloud-metadata addresses (SSRF) and
 * connects only to the addresses it checked.
 */
package dev.eventbus.notification.webhook;
