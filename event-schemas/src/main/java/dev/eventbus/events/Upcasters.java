package dev.eventbus.events;

import dev.eventbus.schema.Upcaster;
import java.util.List;

/**
 * The project's upcasters, one per (event, major) that has a successor major. A test checks that every
 * major after the first has one.
 */
public final class Upcasters {

    private static final List<Upcaster> ALL = List.of(new OrderCompletedV1ToV2());

    private Upcasters() {}

    /** Every upcaster, each converting one major of one event into the next. */
    public static List<Upcaster> all() {
        return ALL;
    }
}
