package dev.eventbus.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void aPollGetsAFullBatchWhenEnoughPermitsAreFree() throws Exception {
        InFlight inFlight = new InFlight(64);

        assertThat(inFlight.acquireBatch(10, 50)).isEqualTo(10);
        assertThat(inFlight.acquireBatch(10, 50)).isEqualTo(10);
    }

    @Test
    void aPollNeverAsksForMoreThanTheWholeLimit() throws Exception {
        assertThat(new InFlight(4).acquireBatch(10, 50)).isEqualTo(4);
    }

    @Test
    void aPollWaitsForPermitsFreedByFinishingHandlersToMakeUpAFullBatch() throws Exception {
        InFlight inFlight = new InFlight(20);
        inFlight.received(inFlight.acquireBatch(10, 50) + inFlight.acquireBatch(10, 50));

        // Handlers finish one by one; without waiting, the next poll would ask for a single message.
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return inFlight.acquireBatch(10, 5_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 10; i++) {
            Thread.sleep(5);
            inFlight.finished();
        }

        assertThat(poll.get(5, TimeUnit.SECONDS)).isEqualTo(10);
        assertThat(inFlight.messages()).isEqualTo(10);
        assertThat(inFlight.peak()).isEqualTo(20);
    }

    @Test
    void afterItsPatienceAPollTakesWhatIsFreeRatherThanStall() throws Exception {
        InFlight inFlight = new InFlight(20);
        inFlight.received(inFlight.acquireBatch(10, 50) + inFlight.acquireBatch(7, 50));

        assertThat(inFlight.acquireBatch(10, 20)).isEqualTo(3);
    }
}
