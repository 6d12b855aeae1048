package dev.eventbus.worker.dedupe;

import java.net.URI;

/**
 * Every Redis store test again with claims made by the Lua script: the path Redis servers before 7.0
 * take (including its reload after a restart empties Redis's script cache).
 */
class RedisDedupeStoreScriptClaimIT extends RedisDedupeStoreIT {

    @Override
    RedisDedupeStore open(URI uri) {
        return RedisDedupeStore.builder().uri(uri).scriptClaims().build();
    }

    @Override
    boolean nativeClaims(int redisMajor) {
        return false;
    }
}
