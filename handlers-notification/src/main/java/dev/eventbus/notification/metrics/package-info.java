/** The notification worker's own meters (per channel, bounded tags), beside the worker runtime's. */
package dev.eventbus.notification.metrics;
