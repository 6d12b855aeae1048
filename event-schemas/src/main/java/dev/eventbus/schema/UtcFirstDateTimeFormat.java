package dev.eventbus.schema;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.DateTimeFormat;
import com.networknt.schema.format.Format;
import dev.eventbus.schema.internal.Timestamps;

/**
 * The {@code date-time} format check, quicker for the timestamps nearly every payload carries: a UTC
 * timestamp as our publisher writes it ({@code 2026-11-23T10:15:30.123Z}) is accepted after one direct
 * reading, and anything else is left to the validator's own RFC 3339 check, which also decides what is
 * invalid. The validator's check took about a third of the schema check's time on every message.
 */
final class UtcFirstDateTimeFormat implements Format {

    private final DateTimeFormat standard = new DateTimeFormat();

    @Override
    public String getName() {
        return standard.getName();
    }

    @Override
    public String getMessageKey() {
        return standard.getMessageKey();
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
        return Timestamps.utc(value) != null || standard.matches(context, value);
    }
}
