package dev.eventbus.cli.output;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a long read or replay has got. On a terminal it is a bar on stderr, redrawn four times a
 * second; elsewhere (piped, redirected, in CI) it prints nothing, so scripts see only results.
 * {@link #advance} is thread-safe.
 */
public sealed interface Progress extends AutoCloseable {

    /** Counts {@code n} more messages done. */
    void advance(long n);

    /** Stops redrawing and clears the bar. */
    @Override
    void close();

    /** A progress that shows nothing. */
    static Progress none() {
        return Silent.INSTANCE;
    }

    /** A bar labelled {@code label} towards about {@code total} messages (0 when unknown). */
    static Progress bar(PrintWriter err, String label, long total) {
        return new Bar(err, label, total);
    }

    /** The silent progress. */
    enum Silent implements Progress {
        INSTANCE;

        @Override
        public void advance(long n) {}

        @Override
        public void close() {}
    }

    /** The terminal bar. */
    final class Bar implements Progress {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final String label;
        private final long total;
        private final AtomicLong done = new AtomicLong();
        private final long started = System.nanoTime();
        private final Thread painter;
        private volatile boolean closed;

        private Bar(PrintWriter err, String label, long total) {
            this.err = err;
            this.label = label;
            this.total = total;
            this.painter = Thread.ofPlatform().daemon().name("eventbus-progress").start(this::paintLoop);
        }

        @Override
        public void advance(long n) {
            done.addAndGet(n);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            painter.interrupt();
            try {
                painter.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (err) {
                err.print("\r" + render() + "\n");
                err.flush();
            }
        }

        private void paintLoop() {
            while (!closed) {
                synchronized (err) {
                    err.print("\r" + render());
                    err.flush();
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        String render() {
            long n = done.get();
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            long max = Math.max(total, n);
            int filled = max == 0 ? 0 : (int) (WIDTH * n / max);
            return String.format(Locale.ROOT, "%s [%s%s] %,d%s  %,.0f msg/s ", label, "#".repeat(filled), "-".repeat(WIDTH - filled), n,
                    total > 0 ? " / ~" + String.format(Locale.ROOT, "%,d", total) : "", n / seconds);
        }
    }
}
