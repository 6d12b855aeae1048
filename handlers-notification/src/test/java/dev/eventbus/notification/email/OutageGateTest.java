package dev.eventbus.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageGateTest {

    private final AtomicLong now = new AtomicLong();
    private final OutageGate gate = new OutageGate(Duration.ofMillis(500), Duration.ofSeconds(5), now::get);

    @Test
    void sendsGoStraightThroughWhileTheTransportIsUp() throws Exception {
        assertThat(gate.await(Duration.ZERO)).isEqualTo(OutageGate.Pass.OPEN);
        assertThat(gate.isDown()).isFalse();
    }

    @Test
    void afterAnOutageOneSendProbesAtATimeAndOthersWaitUntilTheirHoldRunsOut() throws Exception {
        gate.unavailable(OutageGate.Pass.OPEN);
        assertThat(gate.isDown()).isTrue();
        assertThat(gate.await(Duration.ZERO)).as("before the first pause is over").isNull();
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(gate.await(Duration.ZERO)).isEqualTo(OutageGate.Pass.PROBE);
        assertThat(gate.await(Duration.ZERO)).as("a probe is out").isNull();
        gate.unavailable(OutageGate.Pass.PROBE);
        assertThat(gate.pauseNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        OutageGate.Pass probe = gate.await(Duration.ZERO);
        assertThat(probe).isEqualTo(OutageGate.Pass.PROBE);
        gate.succeeded(probe);
        assertThat(gate.isDown()).isFalse();
        assertThat(gate.await(Duration.ZERO)).isEqualTo(OutageGate.Pass.OPEN);
    }

    @Test
    void thePauseBetweenProbesDoublesUpToItsCeiling() {
        gate.unavailable(OutageGate.Pass.OPEN);
        for (int i = 0; i < 10; i++) {
            gate.unavailable(OutageGate.Pass.PROBE);
        }
        assertThat(gate.pauseNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void aWaitingSendIsReleasedWhenAProbeSucceeds() throws Exception {
        OutageGate real = new OutageGate(Duration.ofSeconds(30), Duration.ofSeconds(30), System::nanoTime);
        real.unavailable(OutageGate.Pass.OPEN);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            real.succeeded(OutageGate.Pass.OPEN);
        });
        long t0 = System.nanoTime();
        assertThat(real.await(Duration.ofSeconds(20))).isEqualTo(OutageGate.Pass.OPEN);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }
}
