/**
 * The notification worker: handlers that send order confirmations and welcome emails, deliver signed
 * webhooks and append to users' activity feeds, wired from environment variables and shipped as a
 * container.
 */
package dev.eventbus.notification;
