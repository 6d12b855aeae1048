/**
 * The activity feed: one capped list of entries per user (or billing account) in Redis, appended to by
 * the notification worker and read by the monolith with {@link dev.eventbus.notification.feed.FeedStore#recent}.
 * Compiled for Java 17 so the monolith can read it.
 */
package dev.eventbus.notification.feed;
