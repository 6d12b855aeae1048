package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.testing.EmulatorExtension;
import dev.eventbus.testing.Emulators;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(EmulatorExtension.class)
class RedisDedupeStoreIT extends DedupeStoreContract {

    private Emulators env;
    private RedisDedupeStore store;

    @BeforeEach
    void connect(Emulators env) {
        this.env = env;
        this.store = open(env.redis().uri());
    }

    RedisDedupeStore open(URI uri) {
        return RedisDedupeStore.connect(uri);
    }

    /** Whether this store's claims should be native SET commands on a server of this major version. */
    boolean nativeClaims(int redisMajor) {
        return redisMajor >= 7;
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    DedupeStore store() {
        return store;
    }

    @Test
    void aStoppedRedisIsReportedAsUnavailableAndTheScriptsAreLoadedAgainAfterItRestarts() {
        String key = key();
        assertThat(store.claim(key, "h", LONG)).isInstanceOf(Claim.Claimed.class);

        env.redis().stop();
        try {
            assertThatThrownBy(() -> store.claim(key(), "h", LONG)).isInstanceOf(DedupeUnavailableException.class);
            assertThatThrownBy(store::probe).isInstanceOf(DedupeUnavailableException.class).hasMessageContaining("does not answer");
        } finally {
            env.redis().start();
        }

        // A restarted Redis has lost its script cache (and, without persistence, its keys).
        Claim.Claimed again = (Claim.Claimed) store.claim(key, "h", LONG);
        assertThat(store.complete(again, LONG)).isTrue();
        assertThat(store.claim(key, "h", LONG)).isInstanceOf(Claim.AlreadyDone.class);
    }

    @Test
    void batchedClaimsAndCompletionsFailAsAWholeWhileRedisIsDownAndLoadTheScriptsAgainAfterwards() {
        List<ClaimBatch.ClaimRequest> requests = List.of(new ClaimBatch.ClaimRequest(key(), "h", LONG),
                new ClaimBatch.ClaimRequest(key(), "h", LONG));
        env.redis().stop();
        try {
            assertThatThrownBy(() -> store.claimAll(requests)).isInstanceOf(DedupeUnavailableException.class);
        } finally {
            env.redis().start();
        }

        List<Claim> claims = store.claimAll(requests);
        assertThat(claims).allSatisfy(c -> assertThat(c).isInstanceOf(Claim.Claimed.class));
        assertThat(store.completeAll(claims.stream().map(Claim.Claimed.class::cast).toList(), LONG)).containsExactly(true, true);
        assertThat(store.claimAll(requests)).containsExactly(new Claim.AlreadyDone("h"), new Claim.AlreadyDone("h"));
    }

    @Test
    void eachClaimIsOneNativeSetOnRedis7AndOneScriptCallOnOlderServers() {
        try (RedisClient admin = RedisClient.create(env.redis().uri())) {
            boolean nativeClaims = nativeClaims(RedisDedupeStore.majorVersion(admin.info("server")));
            String before = admin.info("commandstats");
            String key = key();
            store.claimAll(List.of(new ClaimBatch.ClaimRequest(key, "h", LONG), new ClaimBatch.ClaimRequest(key(), "h", LONG)));
            assertThat(store.claim(key, "h", LONG)).isInstanceOf(Claim.HeldElsewhere.class);
            String after = admin.info("commandstats");

            // A script's own SET calls count as SET calls too; the EVALSHA count tells the two paths apart.
            assertThat(calls(after, "evalsha") - calls(before, "evalsha")).isEqualTo(nativeClaims ? 0 : 3);
            assertThat(calls(after, "set") - calls(before, "set")).isEqualTo(3);
        }
    }

    /** The calls= figure of one command in an INFO commandstats reply. */
    private static long calls(String commandStats, String command) {
        Matcher m = Pattern.compile("(?m)^cmdstat_" + command + ":calls=(\\d+)").matcher(commandStats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void thousandsOfConcurrentClaimsOnDistinctKeysEachSucceedOnce() throws Exception {
        ConcurrentLinkedQueue<Claim> answers = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        String prefix = key();
        for (int i = 0; i < 2_000; i++) {
            String key = prefix + ":" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                Claim.Claimed claim = (Claim.Claimed) store.claim(key, "h", LONG);
                store.complete(claim, LONG);
                answers.add(store.claim(key, "h", LONG));
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(answers).hasSize(2_000).allSatisfy(a -> assertThat(a).isEqualTo(new Claim.AlreadyDone("h")));
    }
}
