package dev.eventbus.notification.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class InMemoryFeedStoreTest extends FeedStoreContract {

    @Override
    FeedStore store(int maxEntries) {
        return new InMemoryFeedStore(maxEntries);
    }

    @Test
    void feedOwnerIdsCannotReachAnotherKey() {
        assertThatThrownBy(() -> FeedOwner.account("acct}:entries")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeedOwner("admin", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The monolith runs Java 17: the feed package it reads with must load there. */
    @Test
    void theFeedPackageIsCompiledForJava17() throws Exception {
        for (Class<?> type : new Class<?>[] {FeedStore.class, RedisFeedStore.class, FeedEntry.class, FeedOwner.class}) {
            try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                byte[] header = in.readNBytes(8);
                assertThat(((header[6] & 0xff) << 8) | (header[7] & 0xff)).as(type.getSimpleName()).isEqualTo(61);
            }
        }
    }
}
