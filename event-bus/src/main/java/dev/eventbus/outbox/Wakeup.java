package dev.eventbus.outbox;

/**
 * Wakes idle relay threads when rows may have arrived. A generation counter, so that a signal given while
 * a thread was busy is not lost: the thread waits only if nothing was signalled since it last looked.
 */
final class Wakeup {

    private long generation;

    synchronized long generation() {
        return generation;
    }

    synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** Waits until a signal after {@code seen}, or {@code millis} passed; returns at once if one came already. */
    synchronized void await(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long left = millis;
        while (generation == seen && left > 0) {
            wait(left);
            left = (deadline - System.nanoTime()) / 1_000_000;
        }
    }
}
