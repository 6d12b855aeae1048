package dev.eventbus.schema.lock;

import dev.eventbus.schema.CatalogException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lock of published schema files: {@code eventbus/schemas.lock}, one line per schema file with its
 * sha256 and its path relative to {@code eventbus/} ({@code <sha256>  schemas/order.completed/1.2.json}).
 *
 * <p>A published schema never changes, because consumers and messages waiting in queues rely on it: a
 * change is a new version. Hashes are taken after normalising line endings to {@code \n}, so a checkout
 * with CRLF line endings does not look edited. New files are only ever appended to the lock; existing
 * lines are never rewritten. Instances are immutable.
 */
public final class SchemaLock {

    /** Where the lock lives, relative to a resources root. */
    public static final String RESOURCE = "eventbus/schemas.lock";

    /** The command that appends new schema files to the lock. */
    public static final String LOCK_COMMAND = "./scripts/check-schemas --lock";

    private static final String HEADER = """
            # Published event schemas and their sha256 (computed after normalising line endings to \\n).
            # Never edit or delete a line: a published schema is immutable; publish a new version instead.
            # New schema files are appended by %s.
            """.formatted(LOCK_COMMAND);
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (schemas/[^/\\s]+/[^/\\s]+\\.json)");

    private final Map<String, String> hashByPath;

    private SchemaLock(Map<String, String> hashByPath) {
        this.hashByPath = Collections.unmodifiableMap(new LinkedHashMap<>(hashByPath));
    }

    /**
     * Parses lock text; {@code name} says where it came from in error messages.
     *
     * @throws CatalogException naming the line when one is malformed or a path appears twice
     */
    public static SchemaLock parse(String text, String name) {
        Map<String, String> hashByPath = new LinkedHashMap<>();
        String[] lines = normalise(text).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new CatalogException(name + " line " + (i + 1)
                        + " is not \"<sha256, 64 lowercase hex digits>  schemas/<event>/<major>.<minor>.json\": " + line);
            }
            if (hashByPath.put(m.group(2), m.group(1)) != null) {
                throw new CatalogException(name + " line " + (i + 1) + " locks " + m.group(2) + " a second time");
            }
        }
        return new SchemaLock(hashByPath);
    }

    /**
     * Reads the lock under {@code resourcesRoot}; a missing lock file is an empty lock.
     *
     * @throws CatalogException if the lock file is malformed
     */
    public static SchemaLock read(Path resourcesRoot) {
        Path file = resourcesRoot.resolve(RESOURCE);
        if (!Files.exists(file)) {
            return new SchemaLock(Map.of());
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new CatalogException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The locked paths, relative to {@code eventbus/}, in lock order. */
    public List<String> paths() {
        return List.copyOf(hashByPath.keySet());
    }

    /**
     * Compares the lock with the schema files under {@code resourcesRoot}.
     *
     * @return every edited, deleted and unlocked file, in path order; empty when they agree
     */
    public List<LockProblem> verify(Path resourcesRoot) {
        Map<String, String> actual = hashSchemaFiles(resourcesRoot);
        List<LockProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> locked : new TreeMap<>(hashByPath).entrySet()) {
            String path = locked.getKey();
            String hash = actual.get(path);
            if (hash == null) {
                problems.add(new LockProblem(LockProblem.Kind.DELETED, path, path
                        + " is in schemas.lock but the file is gone. Published schemas are never deleted: messages of"
                        + " that version may still wait in queues and dead-letter queues. Restore the file."));
            } else if (!hash.equals(locked.getValue())) {
                problems.add(new LockProblem(LockProblem.Kind.EDITED, path, path
                        + " was edited after it was published (its sha256 no longer matches schemas.lock). Published"
                        + " schemas are immutable: undo the edit and publish the change as a new version instead"
                        + " (the next minor if it is compatible, otherwise a new major)."));
            }
        }
        for (String path : actual.keySet()) {
            if (!hashByPath.containsKey(path)) {
                problems.add(new LockProblem(LockProblem.Kind.UNLOCKED, path, path
                        + " is not in schemas.lock. When this version is ready to publish, run " + LOCK_COMMAND
                        + ", which appends it (existing lines are never rewritten)."));
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Appends a line for every schema file under {@code resourcesRoot} that is not locked yet, creating
     * the lock file if needed. Existing lines are left exactly as they are, even for edited files.
     *
     * @return the paths appended, in path order
     */
    public static List<String> appendNew(Path resourcesRoot) {
        SchemaLock lock = read(resourcesRoot);
        Path file = resourcesRoot.resolve(RESOURCE);
        StringBuilder lines = new StringBuilder();
        List<String> added = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                lines.append(HEADER);
            } else if (Files.size(file) > 0 && !Files.readString(file, StandardCharsets.UTF_8).endsWith("\n")) {
                lines.append('\n');
            }
            for (Map.Entry<String, String> schema : hashSchemaFiles(resourcesRoot).entrySet()) {
                if (!lock.hashByPath.containsKey(schema.getKey())) {
                    lines.append(schema.getValue()).append("  ").append(schema.getKey()).append('\n');
                    added.add(schema.getKey());
                }
            }
            if (lines.length() > 0) {
                Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new CatalogException("cannot update " + file + ": " + e.getMessage(), e);
        }
        return List.copyOf(added);
    }

    /** The sha256 of a file's content after normalising its line endings to {@code \n}, in lowercase hex. */
    public static String sha256(byte[] content) {
        byte[] normalised = normalise(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Map<String, String> hashSchemaFiles(Path resourcesRoot) {
        Path eventbus = resourcesRoot.resolve("eventbus");
        Path schemas = eventbus.resolve("schemas");
        Map<String, String> hashes = new TreeMap<>();
        if (!Files.isDirectory(schemas)) {
            return hashes;
        }
        try (Stream<Path> files = Files.walk(schemas)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".json")).toList()) {
                String relative = eventbus.relativize(file).toString().replace('\\', '/');
                hashes.put(relative, sha256(Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new CatalogException("cannot read the schema files under " + schemas + ": " + e.getMessage(), e);
        }
        return hashes;
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
