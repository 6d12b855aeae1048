package dev.eventbus.worker.dedupe;

import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store contract again with claims made by the Lua script: the path Redis servers before 7.0 take. */
@ExtendWith(EmulatorExtension.class)
class RedisDedupeStoreScriptClaimIT extends DedupeStoreContract {

    private RedisDedupeStore store;

    @BeforeEach
    void connect(Emulators env) {
        store = RedisDedupeStore.builder().uri(env.redis().uri()).scriptClaims().build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    DedupeStore store() {
        return store;
    }
}
