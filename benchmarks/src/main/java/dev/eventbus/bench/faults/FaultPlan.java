package dev.eventbus.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults one run injects, in order, each with when it starts (counted from the start of publishing)
 * and how long it lasts; spread evenly over the publishing time, with the Redis faults among the worker
 * faults, so every fault meets a stream of events in flight and none overlaps another.
 *
 * @param faults in the order they happen
 * @param publishing how long the publisher streams events
 */
record FaultPlan(List<Fault> faults, Duration publishing) {

    /** Shortest quiet time between two faults, so each fault's effects can be told apart. */
    static final Duration MIN_GAP = Duration.ofSeconds(2);

    enum Kind {
        KILL("kill -9 of a worker"),
        SIGTERM("SIGTERM to a worker"),
        REDIS_FREEZE("Redis frozen (SIGSTOP, then SIGCONT)"),
        REDIS_STOP("Redis stopped (SIGTERM; restarted on its AOF)"),
        REDIS_REFUSES_WRITES("Redis refusing writes (maxmemory 1, noeviction; PING still answers)");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }

        /** True for the faults of the dedupe store (rather than of a worker). */
        boolean storeFault() {
            return this != KILL && this != SIGTERM;
        }
    }

    /** One fault: what, when it starts after publishing began, and how long it lasts (zero for a signal). */
    record Fault(Kind kind, Duration at, Duration length) {}

    FaultPlan {
        faults = List.copyOf(faults);
    }

    /**
     * Spreads {@code kills} kill -9s and {@code sigterms} SIGTERMs (interleaved), and the Redis faults of the
     * given lengths (each left out when zero), over {@code publishing}.
     *
     * @throws IllegalArgumentException if they do not fit with {@link #MIN_GAP} between them
     */
    static FaultPlan spread(Duration publishing, int kills, int sigterms, Duration freeze, Duration stop, Duration refuseWrites) {
        List<Kind> workerFaults = new ArrayList<>();
        int total = kills + sigterms;
        for (int i = 0; i < total; i++) {
            // SIGTERMs evenly among the kills: the i-th fault is one when the running share of SIGTERMs steps up
            boolean sigterm = (long) (i + 1) * sigterms / total > (long) i * sigterms / total;
            workerFaults.add(sigterm ? Kind.SIGTERM : Kind.KILL);
        }
        List<Fault> storeFaults = new ArrayList<>();
        addIfAny(storeFaults, Kind.REDIS_FREEZE, freeze);
        addIfAny(storeFaults, Kind.REDIS_STOP, stop);
        addIfAny(storeFaults, Kind.REDIS_REFUSES_WRITES, refuseWrites);

        List<Fault> sequence = new ArrayList<>();
        int inserted = 0;
        for (int i = 0; i <= workerFaults.size(); i++) {
            // the j-th store fault goes after (j+1)/(n+1) of the worker faults
            while (inserted < storeFaults.size()
                    && i >= Math.round((inserted + 1) * (double) workerFaults.size() / (storeFaults.size() + 1))) {
                sequence.add(storeFaults.get(inserted++));
            }
            if (i < workerFaults.size()) {
                sequence.add(new Fault(workerFaults.get(i), Duration.ZERO, Duration.ZERO));
            }
        }

        Duration edge = min(Duration.ofSeconds(5), publishing.dividedBy(10));
        Duration busy = storeFaults.stream().map(Fault::length).reduce(Duration.ZERO, Duration::plus);
        Duration free = publishing.minus(edge.multipliedBy(2)).minus(busy);
        Duration gap = sequence.size() <= 1 ? Duration.ZERO : free.dividedBy(sequence.size() - 1);
        if (free.isNegative() || (sequence.size() > 1 && gap.compareTo(MIN_GAP) < 0)) {
            Duration needed = edge.multipliedBy(2).plus(busy).plus(MIN_GAP.multipliedBy(Math.max(0, sequence.size() - 1)));
            throw new IllegalArgumentException(sequence.size() + " faults (" + busy.toSeconds() + " s of them Redis faults) do not fit in "
                    + publishing.toSeconds() + " s of publishing with " + MIN_GAP.toSeconds() + " s between them; they need "
                    + needed.toSeconds() + " s: publish more events, or at a lower rate");
        }
        List<Fault> timed = new ArrayList<>();
        Duration at = edge;
        for (Fault fault : sequence) {
            timed.add(new Fault(fault.kind(), at, fault.length()));
            at = at.plus(fault.length()).plus(gap);
        }
        return new FaultPlan(timed, publishing);
    }

    long count(Kind kind) {
        return faults.stream().filter(f -> f.kind() == kind).count();
    }

    private static void addIfAny(List<Fault> faults, Kind kind, Duration length) {
        if (length.isPositive()) {
            faults.add(new Fault(kind, Duration.ZERO, length));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
