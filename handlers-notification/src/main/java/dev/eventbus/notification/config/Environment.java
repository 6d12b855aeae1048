package dev.eventbus.notification.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed values from environment variables, collecting every problem instead of stopping at the
 * first, so a bad deployment is fixed in one round. A secret {@code NAME} may instead come from the file
 * named by {@code NAME_FILE} (as container platforms mount secrets); setting both is a problem. Values
 * of secrets never appear in a problem.
 */
final class Environment {

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Environment(Map<String, String> env) {
        this.env = env;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String name, String what) {
        problems.add(name + ": " + what);
    }

    boolean isSet(String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    /** The value, trimmed, or {@code null} when unset or blank. */
    String optional(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    String required(String name, String what) {
        String v = optional(name);
        if (v == null) {
            problem(name, "is required (" + what + ")");
        }
        return v;
    }

    String withDefault(String name, String fallback) {
        String v = optional(name);
        return v == null ? fallback : v;
    }

    /** {@code NAME} or the contents of the file {@code NAME_FILE} (one trailing line break dropped), or {@code null}. */
    String secret(String name) {
        String direct = optional(name);
        String file = optional(name + "_FILE");
        if (direct != null && file != null) {
            problem(name, "is set both directly and through " + name + "_FILE; set one");
            return null;
        }
        if (file == null) {
            return direct;
        }
        try {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            if (content.isEmpty()) {
                problem(name + "_FILE", "the file " + file + " is empty");
                return null;
            }
            return content;
        } catch (IOException | RuntimeException e) {
            problem(name + "_FILE", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    int integer(String name, int fallback, int min, int max) {
        Long n = whole(name, min, max, "");
        return n == null ? fallback : n.intValue();
    }

    Duration seconds(String name, Duration fallback, long min, long max) {
        Long n = whole(name, min, max, " seconds");
        return n == null ? fallback : Duration.ofSeconds(n);
    }

    /** A whole number within min..max, or {@code null} when unset or wrong (with a problem when wrong). */
    private Long whole(String name, long min, long max, String unit) {
        String v = optional(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                problem(name, "must be within " + min + ".." + max + unit + ", was " + n);
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(name, "must be a whole number" + (unit.isEmpty() ? "" : " of" + unit) + ", was '" + v + "'");
            return null;
        }
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String v = optional(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(name, "must be one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()
                    + ", was '" + v + "'");
            return fallback;
        }
    }

    /** An absolute URI with one of {@code schemes}, or {@code null} (with a problem when set but wrong). */
    URI uri(String name, Set<String> schemes) {
        String v = optional(name);
        if (v == null) {
            return null;
        }
        return parseUri(name, v, schemes, s -> s);
    }

    /** Like {@link #uri} but for values that may carry credentials: the value is never echoed. */
    URI secretUri(String name, String value, Set<String> schemes) {
        return value == null ? null : parseUri(name, value, schemes, s -> "(value hidden)");
    }

    private URI parseUri(String name, String value, Set<String> schemes, Function<String, String> shown) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
                problem(name, "must be a URL starting with " + String.join(" or ", schemes.stream().map(s -> s + "://").toList())
                        + " and naming a host, was " + shown.apply(value));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problem(name, "is not a valid URL: " + shown.apply(value));
            return null;
        }
    }

    /** A comma-separated list, lower case, empty entries dropped. */
    Set<String> list(String name) {
        String v = optional(name);
        Set<String> values = new LinkedHashSet<>();
        if (v != null) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return values;
    }
}
