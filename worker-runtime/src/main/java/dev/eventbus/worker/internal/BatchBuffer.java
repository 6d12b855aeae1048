package dev.eventbus.worker.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects entries into batches of at most {@code size}. The caller that fills a batch sends it; a
 * timer sends whatever waited longer than the flush interval. Thread-safe.
 */
final class BatchBuffer<E> {

    private final int size;
    private final Consumer<List<E>> sender;
    private List<E> pending;

    BatchBuffer(int size, Consumer<List<E>> sender) {
        this.size = size;
        this.sender = sender;
        this.pending = new ArrayList<>(size);
    }

    /** Adds an entry; if that fills a batch, sends it on the calling thread. */
    void add(E entry) {
        List<E> full = null;
        synchronized (this) {
            pending.add(entry);
            if (pending.size() >= size) {
                full = pending;
                pending = new ArrayList<>(size);
            }
        }
        if (full != null) {
            sender.accept(full);
        }
    }

    /** Sends everything pending, in batches, on the calling thread. */
    void flush() {
        flush(Long.MAX_VALUE);
    }

    /**
     * Sends everything pending, in batches, on the calling thread, starting no batch after
     * {@code deadlineNanos} ({@link System#nanoTime()}); returns how many entries it left unsent.
     */
    int flush(long deadlineNanos) {
        List<E> all;
        synchronized (this) {
            if (pending.isEmpty()) {
                return 0;
            }
            all = pending;
            pending = new ArrayList<>(size);
        }
        for (int from = 0; from < all.size(); from += size) {
            if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
                return all.size() - from;
            }
            sender.accept(all.subList(from, Math.min(all.size(), from + size)));
        }
        return 0;
    }

    synchronized int pending() {
        return pending.size();
    }
}
