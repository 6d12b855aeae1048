/**
 * The wire format shared by publishers and workers: envelope v1, its JSON codec with parsing limits,
 * the message attributes that travel beside it, and event ids.
 */
package dev.eventbus.envelope;
