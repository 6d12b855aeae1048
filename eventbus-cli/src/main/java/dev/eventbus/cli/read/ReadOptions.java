package dev.eventbus.cli.read;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a command reads its DLQ: how much, with how many receivers, hiding each message for how long. */
public final class ReadOptions {

    @Option(names = "--max", paramLabel = "N", defaultValue = "0",
            description = "Read at most N messages (default: all).")
    long max;

    @Option(names = "--receivers", paramLabel = "N", defaultValue = "" + DlqReader.Settings.DEFAULT_RECEIVERS,
            description = "Parallel receivers, each asking SQS for batches of 10 (default: ${DEFAULT-VALUE}).")
    int receivers;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long a message read stays hidden while the read runs; released at once when it ends, or by SQS "
                    + "after this if the tool is killed (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--consumer", paramLabel = "NAME",
            description = "The consumer whose failure records and dedupe keys to read, for dead letters that do not name it "
                    + "(default: the source queue's name, the worker's default).")
    String consumer;

    public DlqReader.Settings settings() {
        return new DlqReader.Settings(receivers, max, hold, DlqReader.Settings.DEFAULT_WAIT);
    }

    /** The consumer given, or {@code null}. */
    public String consumer() {
        return consumer;
    }
}
