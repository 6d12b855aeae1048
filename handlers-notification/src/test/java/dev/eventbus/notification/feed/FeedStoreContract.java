package dev.eventbus.notification.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** What every {@link FeedStore} does; run against Redis and the in-memory store. */
abstract class FeedStoreContract {

    /** A store keeping at most {@code maxEntries} per feed. */
    abstract FeedStore store(int maxEntries);

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static FeedOwner someUser() {
        return FeedOwner.user(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    private static FeedEntry entry(String id, int minute) {
        return new FeedEntry(id, "order.completed", T0.plusSeconds(60L * minute), Map.of("order_id", id));
    }

    @Test
    void appendingTheSameEntryTwiceLeavesOneEntry() {
        try (FeedStore store = store(10)) {
            FeedOwner owner = someUser();
            assertThat(store.append(owner, entry("e1", 1))).isTrue();
            assertThat(store.append(owner, entry("e1", 1))).isFalse();
            assertThat(store.recent(owner, 10)).containsExactly(entry("e1", 1));
        }
    }

    @Test
    void recentIsNewestFirstAndLimited() {
        try (FeedStore store = store(10)) {
            FeedOwner owner = someUser();
            store.append(owner, entry("e2", 2));
            store.append(owner, entry("e3", 3));
            store.append(owner, entry("e1", 1)); // arrives late, sorts by when it happened
            assertThat(store.recent(owner, 2)).extracting(FeedEntry::id).containsExactly("e3", "e2");
            assertThat(store.recent(owner, 10)).extracting(FeedEntry::id).containsExactly("e3", "e2", "e1");
            assertThat(store.recent(someUser(), 10)).isEmpty();
        }
    }

    @Test
    void theFeedKeepsOnlyItsNewestEntriesAndATrimmedDuplicateDoesNotReturn() {
        try (FeedStore store = store(3)) {
            FeedOwner owner = someUser();
            for (int i = 1; i <= 5; i++) {
                store.append(owner, entry("e" + i, i));
            }
            assertThat(store.recent(owner, 10)).extracting(FeedEntry::id).containsExactly("e5", "e4", "e3");
            store.append(owner, entry("e1", 1)); // a late redelivery of an entry already trimmed away
            assertThat(store.recent(owner, 10)).extracting(FeedEntry::id).containsExactly("e5", "e4", "e3");
        }
    }

    @Test
    void feedsOfDifferentOwnersAreSeparate() {
        try (FeedStore store = store(10)) {
            FeedOwner user = someUser();
            FeedOwner account = FeedOwner.account("acct_" + ThreadLocalRandom.current().nextInt(1_000_000));
            store.append(user, entry("e1", 1));
            store.append(account, entry("e1", 1));
            assertThat(store.recent(user, 10)).hasSize(1);
            assertThat(store.recent(account, 10)).hasSize(1);
        }
    }
}
