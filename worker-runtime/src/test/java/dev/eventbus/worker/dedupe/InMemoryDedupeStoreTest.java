package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryDedupeStoreTest extends DedupeStoreContract {

    private final InMemoryDedupeStore store = new InMemoryDedupeStore();

    @Override
    DedupeStore store() {
        return store;
    }

    @Test
    void anUnavailableStoreFailsEveryCallUntilItIsBack() {
        store.setAvailable(false);
        assertThatThrownBy(() -> store.claim(key(), "h", LONG)).isInstanceOf(DedupeUnavailableException.class);
        assertThatThrownBy(store::probe).isInstanceOf(DedupeUnavailableException.class);
        store.setAvailable(true);
        assertThat(store.claim(key(), "h", LONG)).isInstanceOf(Claim.Claimed.class);
    }
}
