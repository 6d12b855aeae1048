package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClaimBatchTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    /** Records the size of every claimAll call the batch makes. */
    private final List<Integer> calls = new CopyOnWriteArrayList<>();
    private final InMemoryDedupeStore memory = new InMemoryDedupeStore();
    private final DedupeStore store = new ForwardingStore(memory) {
        @Override
        public List<Claim> claimAll(List<ClaimBatch.ClaimRequest> requests) {
            calls.add(requests.size());
            return super.claimAll(requests);
        }
    };
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private List<Future<Claim>> claimAll(List<ClaimBatch.Slot> slots, String prefix) {
        List<Future<Claim>> answers = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            ClaimBatch.Slot slot = slots.get(i);
            String key = prefix + i;
            answers.add(threads.submit(() -> slot.claim(new ClaimBatch.ClaimRequest(key, "h", LEASE))));
        }
        return answers;
    }

    @Test
    void theClaimsOfAWholeReceiveGoToTheStoreInOneCallAndEachMessageGetsItsOwnAnswer() throws Exception {
        memory.complete((Claim.Claimed) memory.claim("k3", "h", LEASE), LEASE);

        List<Future<Claim>> answers = claimAll(ClaimBatch.open(store, 10, Duration.ofSeconds(5)), "k");

        for (int i = 0; i < 10; i++) {
            Claim answer = answers.get(i).get(5, TimeUnit.SECONDS);
            if (i == 3) {
                assertThat(answer).isEqualTo(new Claim.AlreadyDone("h"));
            } else {
                assertThat(answer).isInstanceOfSatisfying(Claim.Claimed.class, c -> assertThat(c.key()).startsWith("k"));
            }
        }
        assertThat(calls).containsExactly(10);
    }

    @Test
    void aMessageThatLeavesWithoutClaimingDoesNotHoldUpTheOthers() throws Exception {
        List<ClaimBatch.Slot> slots = ClaimBatch.open(store, 3, Duration.ofSeconds(30));

        List<Future<Claim>> answers = claimAll(slots.subList(0, 2), "left-");
        Thread.sleep(50);
        assertThat(answers).noneMatch(Future::isDone);
        slots.get(2).leave();

        for (Future<Claim> answer : answers) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).isInstanceOf(Claim.Claimed.class);
        }
        assertThat(calls).containsExactly(2);
    }

    @Test
    void aMessageThatNeverReachesItsClaimHoldsTheOthersUpOnlyForThePatience() throws Exception {
        List<ClaimBatch.Slot> slots = ClaimBatch.open(store, 2, Duration.ofMillis(100));
        long started = System.nanoTime();

        Claim first = claimAll(slots.subList(0, 1), "slow-").get(0).get(5, TimeUnit.SECONDS);

        assertThat(first).isInstanceOf(Claim.Claimed.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(slots.get(1).claim(new ClaimBatch.ClaimRequest("late", "h", LEASE))).isInstanceOf(Claim.Claimed.class);
        assertThat(calls).containsExactly(1, 1);
    }

    @Test
    void whenTheStoreCannotAnswerEveryMessageOfTheBatchIsToldSo() {
        memory.setAvailable(false);

        List<Future<Claim>> answers = claimAll(ClaimBatch.open(store, 4, Duration.ofSeconds(5)), "down-");

        for (Future<Claim> answer : answers) {
            assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(DedupeUnavailableException.class);
        }
    }

    @Test
    void twoMessagesOfOneReceiveForTheSameEventGetOneClaimBetweenThem() throws Exception {
        List<Future<Claim>> answers = new ArrayList<>();
        List<ClaimBatch.Slot> slots = ClaimBatch.open(store, 2, Duration.ofSeconds(5));
        for (ClaimBatch.Slot slot : slots) {
            answers.add(threads.submit(() -> slot.claim(new ClaimBatch.ClaimRequest("same", "h", LEASE))));
        }
        ConcurrentHashMap<Class<?>, Integer> kinds = new ConcurrentHashMap<>();
        for (Future<Claim> answer : answers) {
            kinds.merge(answer.get(5, TimeUnit.SECONDS).getClass(), 1, Integer::sum);
        }

        assertThat(kinds).containsEntry(Claim.Claimed.class, 1).containsEntry(Claim.HeldElsewhere.class, 1);
    }
}
