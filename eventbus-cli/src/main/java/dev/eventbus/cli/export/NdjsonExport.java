package dev.eventbus.cli.export;

import dev.eventbus.cli.CliException;
import dev.eventbus.cli.read.DeadMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes DLQ messages as NDJSON, one message per line: the body exactly as received, every message
 * attribute (string, number or base64 binary value with its data type), SQS's system attributes, and the
 * failure as the tool read it. Thread-safe ({@link #write} is synchronized); flushes on close.
 */
final class NdjsonExport implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintWriter out;
    private final String queue;
    private final Clock clock;
    private final boolean ownsStream;
    private long written;

    private NdjsonExport(PrintWriter out, boolean ownsStream, String queue, Clock clock) {
        this.out = out;
        this.ownsStream = ownsStream;
        this.queue = queue;
        this.clock = clock;
    }

    /** An export to a new file; refuses to overwrite one unless {@code overwrite}. */
    static NdjsonExport toFile(Path file, boolean overwrite, String queue, Clock clock) {
        try {
            OutputStream stream = overwrite
                    ? Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
                    : Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new NdjsonExport(new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), true, queue, clock);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw CliException.usage(file + " exists; choose another file or give --overwrite");
        } catch (IOException e) {
            throw CliException.usage("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** An export to a stream the caller owns (standard output). */
    static NdjsonExport to(PrintWriter out, String queue, Clock clock) {
        return new NdjsonExport(out, false, queue, clock);
    }

    synchronized void write(DeadMessage m) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("queue", queue);
        line.put("message_id", m.messageId());
        line.put("exported_at", Instant.now(clock).toString());
        line.put("event_id", m.eventId());
        line.put("event_type", m.eventType());
        line.put("event_version", m.eventVersion());
        line.put("reason", m.reason());
        line.put("body", m.body());
        Map<String, Object> attributes = new TreeMap<>();
        m.attributes().forEach((name, value) -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("data_type", value.dataType());
            if (value.stringValue() != null) {
                a.put("string_value", value.stringValue());
            }
            if (value.binaryValue() != null) {
                a.put("binary_value", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
            }
            attributes.put(name, a);
        });
        line.put("attributes", attributes);
        line.put("system_attributes", new TreeMap<>(m.message().attributesAsStrings()));
        Map<String, Object> failure = m.failure() == null ? null : new LinkedHashMap<>(m.failure().fields());
        if (failure != null) {
            failure.put("failed_at", m.failure().failedAt() == null ? null : m.failure().failedAt().toString());
            failure.put("source", m.failure().source().name().toLowerCase(java.util.Locale.ROOT));
        }
        line.put("failure", failure);
        out.println(JSON.writeValueAsString(line));
        written++;
    }

    synchronized long written() {
        return written;
    }

    @Override
    public synchronized void close() {
        out.flush();
        if (ownsStream) {
            out.close();
        }
        if (out.checkError()) {
            throw CliException.refused("writing the export failed (disk full?); nothing was deleted");
        }
    }
}
