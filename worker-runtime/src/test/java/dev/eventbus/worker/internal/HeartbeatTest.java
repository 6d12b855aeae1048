package dev.eventbus.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.worker.dedupe.DedupeStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only a running handler is ever interrupted; a finished one never is. No SQS here: no lease is due for an extension. */
class HeartbeatTest {

    private final Heartbeat heartbeat = new Heartbeat(null, "http://q", Duration.ofMinutes(10), Duration.ofMillis(1_000),
            DedupeStore.none(), WorkerListener.NONE, e -> { });

    @AfterEach
    void stop() {
        Thread.interrupted();
        heartbeat.close();
    }

    @Test
    void aRunningHandlerIsInterruptedAtTheEndOfTheShutdownGraceAndTheInterruptIsClearedWhenItReturns() {
        Heartbeat.Lease lease = heartbeat.track(Deliveries.of("{}", 1));
        assertThat(lease.begin()).isTrue();

        heartbeat.stopAll();

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(lease.end()).isEqualTo(Heartbeat.Interruption.SHUTDOWN);
        assertThat(Thread.currentThread().isInterrupted()).as("nothing left to abort the settling of the outcome").isFalse();
    }

    @Test
    void aHandlerThatReturnedIsNeverInterruptedByTheTimeLimitOrTheShutdown() throws Exception {
        Heartbeat.Lease lease = heartbeat.track(Deliveries.of("{}", 1));
        lease.begin();
        lease.end();
        Thread.sleep(1_100);

        heartbeat.beat();
        heartbeat.stopAll();

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(lease.interruption()).isEqualTo(Heartbeat.Interruption.NONE);
        heartbeat.finish(lease);
        assertThat(heartbeat.held()).isZero();
    }

    @Test
    void aHandlerPastItsTimeLimitIsInterruptedOnce() throws Exception {
        Heartbeat.Lease lease = heartbeat.track(Deliveries.of("{}", 1));
        lease.begin();
        Thread.sleep(1_100);

        heartbeat.beat();

        assertThat(Thread.interrupted()).isTrue();
        heartbeat.beat();
        assertThat(Thread.currentThread().isInterrupted()).as("interrupted once").isFalse();
        assertThat(lease.end()).isEqualTo(Heartbeat.Interruption.TIMEOUT);
    }

    @Test
    void aMessageWaitingInHandIsAskedToLetGoWhenTheWorkerStopsAndItsHandlerThenNeverStarts() {
        Heartbeat.Lease lease = heartbeat.track(Deliveries.of("{}", 1));

        heartbeat.releaseWaiting();

        assertThat(lease.stopRequested()).isTrue();
        assertThat(lease.begin()).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aMessageWhoseOutcomeIsBeingSettledKeepsItsLeaseThroughTheGraceButNotAfterIt() {
        Heartbeat.Lease lease = heartbeat.track(Deliveries.of("{}", 1));
        lease.begin();
        lease.end();
        lease.settling();

        heartbeat.releaseWaiting();
        assertThat(lease.stopRequested()).isFalse();
        heartbeat.stopAll();
        assertThat(lease.stopRequested()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
