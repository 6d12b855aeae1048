package dev.eventbus.cli.read;

import dev.eventbus.cli.output.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Reads {@code 90s}, {@code 15m}, {@code 2h}, {@code 3d} or ISO-8601 durations from the command line. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
