package dev.eventbus.notification.feed;

import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class RedisFeedStoreIT extends FeedStoreContract {

    private Emulators env;

    @BeforeEach
    void servers(Emulators env) {
        this.env = env;
    }

    @Override
    FeedStore store(int maxEntries) {
        return RedisFeedStore.builder().uri(env.redis().uri()).maxEntries(maxEntries).build();
    }
}
