package dev.eventbus.cli.output;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a command writes its results, as tables or as JSON lines. In JSON every record is one object on
 * one line whose first field is {@code kind} (what the record is: {@code summary}, {@code group},
 * {@code message}, ...); field names are snake_case and stable, values are JSON numbers, strings
 * (instants as ISO-8601), arrays and objects, {@code null} when unknown. Not thread-safe: commands
 * write from one thread.
 */
public final class Output {

    /** The two ways results are written. */
    public enum Format { TABLE, JSON }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Format format;
    private final PrintWriter out;

    public Output(Format format, PrintWriter out) {
        this.format = Objects.requireNonNull(format, "format");
        this.out = Objects.requireNonNull(out, "out");
    }

    public boolean isJson() {
        return format == Format.JSON;
    }

    /** Writes one record: a JSON line, or in table mode a title line followed by {@code key: value} lines. */
    public void record(String kind, Map<String, ?> fields) {
        if (isJson()) {
            json(kind, fields);
            return;
        }
        fields.forEach((key, value) -> out.println(key.replace('_', ' ') + ": " + text(value)));
        out.flush();
    }

    /** A line of prose for people; left out of JSON output. */
    public void say(String text) {
        if (!isJson()) {
            out.println(text);
            out.flush();
        }
    }

    /** A table whose rows are also records of {@code kind} in JSON (with {@code extra} fields on each). */
    public Table table(String kind, String title, List<Column> columns) {
        return new Table(kind, title, columns);
    }

    public static Column column(String key, String header) {
        return new Column(key, header, 0);
    }

    /** A column whose cells are cut to {@code maxWidth} characters in tables (JSON keeps the whole value). */
    public static Column column(String key, String header, int maxWidth) {
        return new Column(key, header, maxWidth);
    }

    /** A column: the row field it shows, its header, and its widest cell (0: any). */
    public record Column(String key, String header, int maxWidth) {
        String cell(Object value) {
            String text = text(value);
            return maxWidth > 0 && text.length() > maxWidth ? text.substring(0, maxWidth - 1) + "…" : text;
        }
    }

    /** Rows collected, then printed aligned (table) or as one record each (JSON). */
    public final class Table {
        private final String kind;
        private final String title;
        private final List<Column> columns;
        private final List<Map<String, Object>> rows = new ArrayList<>();

        private Table(String kind, String title, List<Column> columns) {
            this.kind = kind;
            this.title = title;
            this.columns = List.copyOf(columns);
        }

        public Table row(Map<String, ?> fields) {
            rows.add(new LinkedHashMap<>(fields));
            return this;
        }

        public Table rows(Collection<? extends Map<String, ?>> all) {
            all.forEach(this::row);
            return this;
        }

        public boolean isEmpty() {
            return rows.isEmpty();
        }

        public void print() {
            if (isJson()) {
                rows.forEach(row -> json(kind, row));
                return;
            }
            if (title != null) {
                out.println(title);
            }
            if (rows.isEmpty()) {
                out.println("  (none)");
                out.flush();
                return;
            }
            int[] widths = new int[columns.size()];
            List<String[]> cells = new ArrayList<>();
            String[] header = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                header[i] = columns.get(i).header();
                widths[i] = header[i].length();
            }
            for (Map<String, Object> row : rows) {
                String[] line = new String[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    line[i] = columns.get(i).cell(row.get(columns.get(i).key()));
                    widths[i] = Math.max(widths[i], line[i].length());
                }
                cells.add(line);
            }
            printAligned(header, widths);
            cells.forEach(line -> printAligned(line, widths));
            out.flush();
        }

        private void printAligned(String[] line, int[] widths) {
            StringBuilder b = new StringBuilder("  ");
            for (int i = 0; i < line.length; i++) {
                b.append(line[i]);
                if (i < line.length - 1) {
                    b.append(" ".repeat(widths[i] - line[i].length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }

    private void json(String kind, Map<String, ?> fields) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kind", kind);
        fields.forEach((key, value) -> record.put(key, plain(value)));
        out.println(JSON.writeValueAsString(record));
        out.flush();
    }

    /** A value as JSON-ready data: instants as ISO strings, durations as seconds, collections recursively. */
    static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant.toString();
            case Duration duration -> duration.toMillis() / 1000.0;
            case Enum<?> e -> e.name().toLowerCase(java.util.Locale.ROOT);
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
                yield copy;
            }
            case Collection<?> list -> list.stream().map(Output::plain).toList();
            case JsonNode node -> node;
            default -> value;
        };
    }

    /** A value as a table cell. */
    public static String text(Object value) {
        return switch (value) {
            case null -> "-";
            case Instant instant -> instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            case Duration duration -> Durations.format(duration);
            case Double d -> String.format(java.util.Locale.ROOT, "%.1f", d);
            case Enum<?> e -> e.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            case Collection<?> list -> list.isEmpty() ? "-" : String.join(", ", list.stream().map(Output::text).toList());
            case Map<?, ?> map -> map.isEmpty() ? "-" : String.join(" ", map.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue())).toList());
            case String s -> s.isEmpty() ? "-" : s;
            default -> String.valueOf(value);
        };
    }
}
