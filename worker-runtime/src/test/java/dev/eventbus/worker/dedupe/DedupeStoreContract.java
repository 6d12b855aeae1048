package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.worker.Failure;
import dev.eventbus.worker.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** What every {@link DedupeStore} must do; run against each implementation. */
abstract class DedupeStoreContract {

    static final Duration LONG = Duration.ofMinutes(5);

    abstract DedupeStore store();

    /** A claim key no other test uses (step markers are named after it). */
    static String key() {
        return "eventbus:dedupe:test:order.completed:id:" + Long.toHexString(ThreadLocalRandom.current().nextLong());
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
    void aClaimWhoseLeaseRanOutWithNobodyElseTakingItStillCompletesAndIsExtendedBack() throws Exception {
        String key = key();
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "h", Duration.ofMillis(150));
        Thread.sleep(400);

        assertThat(store().extend(claim, LONG)).as("taken back").isTrue();
        assertThat(store().claim(key, "h", LONG)).isInstanceOf(Claim.HeldElsewhere.class);
        assertThat(store().complete(claim, LONG)).isTrue();

        String expired = key();
        Claim.Claimed late = (Claim.Claimed) store().claim(expired, "h", Duration.ofMillis(150));
        Thread.sleep(400);
        assertThat(store().complete(late, LONG)).as("handled, and nobody else took the key").isTrue();
        assertThat(store().claim(expired, "h", LONG)).isEqualTo(new Claim.AlreadyDone("h"));
    }

    @Test
    void completedStepsAreRememberedPerEvent() {
        String key = key();
        String other = key();
        assertThat(store().stepDone(key, "email")).isFalse();
        store().markStepDone(key, "email", LONG);
        assertThat(store().stepDone(key, "email")).isTrue();
        assertThat(store().stepDone(key, "webhook")).isFalse();
        assertThat(store().stepDone(other, "email")).isFalse();
    }

    @Test
    void everyFailedAttemptIsKeptInTheRecordsHistoryNewestLastAtMostTen() {
        String failureKey = "eventbus:failure:" + key();
        for (int attempt = 1; attempt <= 12; attempt++) {
            Failure failure = attempt % 2 == 0
                    ? Failure.of(FailureReason.HANDLER_ERROR, new IllegalStateException("smtp 451"), "send-email")
                    : Failure.of(FailureReason.TIMEOUT, "the handler ran past its time limit", "send-email");
            store().recordFailure(failureKey, new FailureRecord("notifications", "order.completed", key(), "m-" + attempt, failure,
                    attempt, Instant.parse("2026-11-23T10:00:00Z").plusSeconds(attempt)), LONG);
        }

        FailureRecord record = store().lastFailure(failureKey).orElseThrow();

        assertThat(record.attempts()).isEqualTo(12);
        assertThat(record.messageId()).isEqualTo("m-12");
        assertThat(record.reason()).isEqualTo("handler_error");
        assertThat(record.history()).hasSize(FailureRecord.MAX_HISTORY);
        assertThat(record.history()).extracting(FailureRecord.Attempt::attempt).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(record.history().get(0).reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(record.history().get(9).errorMessage()).isEqualTo("smtp 451");
        assertThat(record.history().get(9).failedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:12Z"));
        assertThat(FailureRecord.fromJson(record.toJson())).isEqualTo(record);
        assertThat(store().lastFailure("eventbus:failure:" + key())).isEmpty();
    }

    @Test
    void inspectTellsAClaimFromADoneMarkerAndListsTheCompletedSteps() {
        String key = key();
        assertThat(store().inspect(key)).isEqualTo(new DedupeState(DedupeState.Status.NEVER_SEEN, Optional.empty(), List.of()));

        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "h", LONG);
        store().markStepDone(key, "post-webhook", LONG);
        store().markStepDone(key, "send-email", LONG);
        DedupeState claimed = store().inspect(key);
        assertThat(claimed.status()).isEqualTo(DedupeState.Status.CLAIMED);
        assertThat(claimed.timeLeft()).hasValueSatisfying(t -> assertThat(t).isBetween(LONG.minusSeconds(5), LONG));
        assertThat(claimed.steps()).containsExactly("post-webhook", "send-email");

        store().complete(claim, Duration.ofDays(15));
        DedupeState done = store().inspect(key);
        assertThat(done.status()).isEqualTo(DedupeState.Status.DONE);
        assertThat(done.timeLeft()).hasValueSatisfying(t -> assertThat(t).isGreaterThan(Duration.ofDays(14)));
    }

    @Test
    void forgetRemovesTheDoneMarkerAndTheStepsSoTheEventRunsAgainButNeverTouchesAHeldClaim() {
        String key = key();
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "h", LONG);
        store().markStepDone(key, "send-email", LONG);

        assertThat(store().forget(key)).isEqualTo(new Forgotten(false, List.of(), true));
        assertThat(store().stepDone(key, "send-email")).as("kept while held").isTrue();

        store().complete(claim, LONG);
        assertThat(store().forget(key)).isEqualTo(new Forgotten(true, List.of("send-email"), false));
        assertThat(store().inspect(key).status()).isEqualTo(DedupeState.Status.NEVER_SEEN);
        assertThat(store().stepDone(key, "send-email")).isFalse();
        assertThat(store().claim(key, "h", LONG)).isInstanceOf(Claim.Claimed.class);
        assertThat(store().forget(key()).nothing()).isTrue();
    }
}
