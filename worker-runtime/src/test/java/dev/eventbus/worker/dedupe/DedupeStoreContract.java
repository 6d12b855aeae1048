package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** What every {@link DedupeStore} must do; run against each implementation. */
abstract class DedupeStoreContract {

    static final Duration LONG = Duration.ofMinutes(5);

    abstract DedupeStore store();

    static String key() {
        return "test:" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Test
    void aSecondClaimWhileTheFirstHoldsTheKeyIsHeldElsewhere() {
        String key = key();
        assertThat(store().claim(key, "h1", LONG)).isInstanceOf(Claim.Claimed.class);
        assertThat(store().claim(key, "h1", LONG)).isInstanceOf(Claim.HeldElsewhere.class);
    }

    @Test
    void aCompletedKeyAnswersAlreadyDoneWithThePayloadHashItWasDoneWith() {
        String key = key();
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "h1", LONG);

        assertThat(store().complete(claim, LONG)).isTrue();

        assertThat(store().claim(key, "h2", LONG)).isEqualTo(new Claim.AlreadyDone("h1"));
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() {
        String key = key();
        Claim.Claimed first = (Claim.Claimed) store().claim(key, "h", LONG);

        assertThat(store().release(first)).isTrue();

        assertThat(store().claim(key, "h", LONG)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void afterALeaseExpiresAnotherAttemptClaimsAndTheStaleTokenCanNeitherCompleteNorReleaseNorExtend() throws Exception {
        String key = key();
        Claim.Claimed stale = (Claim.Claimed) store().claim(key, "h", Duration.ofMillis(150));
        Thread.sleep(400);

        Claim.Claimed fresh = (Claim.Claimed) store().claim(key, "h", LONG);

        assertThat(store().complete(stale, LONG)).isFalse();
        assertThat(store().release(stale)).isFalse();
        assertThat(store().extend(stale, LONG)).isFalse();
        assertThat(store().complete(fresh, LONG)).isTrue();
        assertThat(store().claim(key, "h", LONG)).isInstanceOf(Claim.AlreadyDone.class);
    }

    @Test
    void extendingAClaimKeepsItPastItsFirstLease() throws Exception {
        String key = key();
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "h", Duration.ofMillis(300));
        Thread.sleep(150);
        assertThat(store().extend(claim, Duration.ofMillis(600))).isTrue();
        Thread.sleep(300);

        assertThat(store().claim(key, "h", LONG)).isInstanceOf(Claim.HeldElsewhere.class);
        assertThat(store().complete(claim, LONG)).isTrue();
    }

    @Test
    void ofManyConcurrentClaimsOnOneKeyExactlyOneWins() throws Exception {
        String key = key();
        ConcurrentLinkedQueue<Claim> answers = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            threads.add(Thread.ofVirtual().start(() -> answers.add(store().claim(key, "h", LONG))));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(answers).hasSize(50);
        assertThat(answers.stream().filter(Claim.Claimed.class::isInstance)).hasSize(1);
    }

    @Test
    void claimingAndCompletingInBatchesAnswersEachKeyInTheOrderAsked() {
        String done = key();
        String held = key();
        String fresh = key();
        store().complete((Claim.Claimed) store().claim(done, "h0", LONG), LONG);
        Claim.Claimed holder = (Claim.Claimed) store().claim(held, "h1", LONG);

        List<Claim> answers = store().claimAll(List.of(new ClaimBatch.ClaimRequest(fresh, "h2", LONG),
                new ClaimBatch.ClaimRequest(done, "h0", LONG), new ClaimBatch.ClaimRequest(held, "h1", LONG)));

        assertThat(answers.get(0)).isInstanceOf(Claim.Claimed.class);
        assertThat(answers.get(1)).isEqualTo(new Claim.AlreadyDone("h0"));
        assertThat(answers.get(2)).isInstanceOf(Claim.HeldElsewhere.class);
        Claim.Claimed stale = new Claim.Claimed(held, "not-the-holder", "h1");
        assertThat(store().completeAll(List.of((Claim.Claimed) answers.get(0), stale, holder), LONG)).containsExactly(true, false, true);
        assertThat(store().claim(fresh, "h2", LONG)).isEqualTo(new Claim.AlreadyDone("h2"));
        assertThat(store().claim(held, "h1", LONG)).isEqualTo(new Claim.AlreadyDone("h1"));
    }

    @Test
    void completedStepsAndTheLastFailureAreRemembered() {
        String key = key();
        assertThat(store().stepDone(key + ":step:email")).isFalse();
        store().markStepDone(key + ":step:email", LONG);
        assertThat(store().stepDone(key + ":step:email")).isTrue();

        FailureRecord first = new FailureRecord("notifications", "order.completed", key, "m-1",
                Failure.of(FailureReason.HANDLER_ERROR, new IllegalStateException("smtp 451"), "send-email"), 1,
                Instant.parse("2026-11-23T10:00:00Z"));
        FailureRecord second = new FailureRecord("notifications", "order.completed", key, "m-1",
                Failure.of(FailureReason.TIMEOUT, "the handler ran past its time limit", "send-email"), 2,
                Instant.parse("2026-11-23T10:00:05Z"));
        store().recordFailure("failure:" + key, first, LONG);
        store().recordFailure("failure:" + key, second, LONG);

        assertThat(store().lastFailure("failure:" + key)).hasValue(second);
        assertThat(store().lastFailure("failure:" + key() )).isEmpty();
    }
}
