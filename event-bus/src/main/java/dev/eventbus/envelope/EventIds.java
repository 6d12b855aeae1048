package dev.eventbus.envelope;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates event ids: UUID version 7 (RFC 9562), time-ordered so ids sort by creation time and
 * index well, with 74 random bits. Thread-safe.
 */
public final class EventIds {

    private final Clock clock;

    public EventIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        long millis = clock.millis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long randA = random.nextLong() & 0x0FFFL;
        long randB = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = 0x8000_0000_0000_0000L | randB;
        return new UUID(msb, lsb).toString();
    }
}
