package dev.eventbus.notification.feed;

import java.util.List;

/**
 * Where activity feeds live: one capped list per owner, newest first, holding at most one entry per
 * entry id. Appending the same entry twice leaves one entry whatever happened in between (a redelivery,
 * a lost dedupe marker, a replay from the DLQ), so the feed is idempotent by construction.
 *
 * <p>Implementations are thread-safe and may block; they throw {@link FeedStoreException} when the store
 * cannot be reached. {@link RedisFeedStore} is the real one (and what the monolith reads with);
 * {@link InMemoryFeedStore} is for tests and the single-process demo.
 */
public interface FeedStore extends AutoCloseable {

    /**
     * Adds {@code entry} to {@code owner}'s feed, dropping the oldest entries beyond the feed's cap.
     *
     * @return true if it was added, false if the feed already held an entry with its id
     */
    boolean append(FeedOwner owner, FeedEntry entry);

    /** The newest {@code limit} entries of {@code owner}'s feed, newest first; empty for an unknown owner. */
    List<FeedEntry> recent(FeedOwner owner, int limit);

    /** The newest {@code limit} entries of a user's feed, newest first. */
    default List<FeedEntry> recent(long userId, int limit) {
        return recent(FeedOwner.user(userId), limit);
    }

    @Override
    void close();
}
