/** {@code eventbus dlq show}: one event's dead letter, failure history and dedupe state, payload values masked. */
package dev.eventbus.cli.show;
