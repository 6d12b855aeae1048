package dev.eventbus.notification.feed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Feeds in this process's memory, with the same rules as {@link RedisFeedStore} (cap, one entry per id,
 * newest first). For tests and the single-process demo; a deployed worker and the monolith share Redis.
 */
public final class InMemoryFeedStore implements FeedStore {

    private static final Comparator<FeedEntry> OLDEST_FIRST = Comparator.comparing(FeedEntry::at).thenComparing(FeedEntry::id);

    private final int maxEntries;
    private final Map<FeedOwner, TreeSet<FeedEntry>> feeds = new HashMap<>();

    public InMemoryFeedStore() {
        this(RedisFeedStore.DEFAULT_MAX_ENTRIES);
    }

    public InMemoryFeedStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized boolean append(FeedOwner owner, FeedEntry entry) {
        TreeSet<FeedEntry> feed = feeds.computeIfAbsent(owner, o -> new TreeSet<>(OLDEST_FIRST));
        if (feed.stream().anyMatch(e -> e.id().equals(entry.id()))) {
            return false;
        }
        feed.add(entry);
        while (feed.size() > maxEntries) {
            feed.pollFirst();
        }
        return true;
    }

    @Override
    public synchronized List<FeedEntry> recent(FeedOwner owner, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        List<FeedEntry> newest = new ArrayList<>();
        TreeSet<FeedEntry> feed = feeds.get(owner);
        if (feed != null) {
            for (FeedEntry e : feed.descendingSet()) {
                if (newest.size() == limit) {
                    break;
                }
                newest.add(e);
            }
        }
        return newest;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "in-memory feed store";
    }
}
