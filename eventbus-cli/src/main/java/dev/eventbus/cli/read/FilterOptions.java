package dev.eventbus.cli.read;

import dev.eventbus.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The filters {@code replay}, {@code export} and {@code purge} share. */
public final class FilterOptions {

    @Option(names = "--reason", paramLabel = "REASON", split = ",",
            description = "Only these failure reasons (handler_error, non_retryable, malformed_json, ..., max_receives); repeatable.")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--type", paramLabel = "EVENT", split = ",", description = "Only these event types (order.completed); repeatable.")
    List<String> types = new ArrayList<>();

    @Option(names = "--version", paramLabel = "VERSION", split = ",",
            description = "Only these event versions: exact (1.2) or a major (1); repeatable.")
    List<String> versions = new ArrayList<>();

    @Option(names = "--fingerprint", paramLabel = "FP", split = ",", description = "Only these failure fingerprints; repeatable.")
    List<String> fingerprints = new ArrayList<>();

    @Option(names = "--id", paramLabel = "ID", split = ",", description = "Only these event ids (or SQS message ids); repeatable.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--ids-from", paramLabel = "FILE", description = "Only the event ids (or message ids) in FILE, one per line.")
    Path idsFrom;

    @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only messages that failed longer ago than this (2h, 3d).")
    Duration olderThan;

    @Option(names = "--newer-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only messages that failed within this (30m).")
    Duration newerThan;

    public MessageFilter filter() {
        Set<String> allIds = new HashSet<>(ids);
        if (idsFrom != null) {
            try {
                Files.readAllLines(idsFrom).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(allIds::add);
            } catch (IOException e) {
                throw CliException.usage("cannot read --ids-from " + idsFrom + ": " + e.getMessage());
            }
            if (allIds.isEmpty()) {
                throw CliException.usage("--ids-from " + idsFrom + " holds no ids");
            }
        }
        if (olderThan != null && newerThan != null && newerThan.compareTo(olderThan) <= 0) {
            throw CliException.usage("--newer-than " + newerThan + " must be longer than --older-than " + olderThan + ", or nothing matches");
        }
        return new MessageFilter(Set.copyOf(reasons), Set.copyOf(types), Set.copyOf(versions), Set.copyOf(fingerprints), allIds,
                olderThan, newerThan);
    }
}
