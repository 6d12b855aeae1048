package dev.eventbus.worker.admin;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Waits for SIGTERM (or SIGINT) so a worker's {@code main} can stop its workers gracefully and return,
 * letting the process exit with status 0 instead of the 143 a JVM killed by SIGTERM reports.
 *
 * <pre>{@code
 * ShutdownSignal signal = ShutdownSignal.install();
 * worker.start();
 * signal.await();
 * worker.close();   // stop polling, finish in-flight within the grace period, flush
 * }</pre>
 */
public final class ShutdownSignal {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

    private final CountDownLatch received = new CountDownLatch(1);

    private ShutdownSignal() {}

    /** Takes over SIGTERM and SIGINT for this process. Call once, early in {@code main}. */
    public static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                log.info("SIG{} received: shutting down gracefully", s.getName());
                signal.received.countDown();
            });
        }
        return signal;
    }

    /** Blocks until a signal arrives (or {@link #trigger()} is called). */
    public void await() throws InterruptedException {
        received.await();
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return received.await(timeout, unit);
    }

    /** Acts as if the signal had arrived. */
    public void trigger() {
        received.countDown();
    }
}
