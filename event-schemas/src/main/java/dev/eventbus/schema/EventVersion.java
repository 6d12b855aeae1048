package dev.eventbus.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A payload schema version, {@code MAJOR.MINOR} as it travels on the wire ({@code "1.2"}).
 *
 * <p>A minor adds optional fields only, so every minor of a major reaches the same handler; anything
 * else is a new major. Instances are immutable and ordered by major, then minor.
 */
public record EventVersion(int major, int minor) implements Comparable<EventVersion> {

    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})");

    public EventVersion {
        if (major < 1) {
            throw new IllegalArgumentException("major version must be >= 1, was " + major);
        }
        if (minor < 0) {
            throw new IllegalArgumentException("minor version must be >= 0, was " + minor);
        }
    }

    public static EventVersion of(int major, int minor) {
        return new EventVersion(major, minor);
    }

    /**
     * Parses {@code "MAJOR.MINOR"}.
     *
     * @throws IllegalArgumentException if the text is not two dot-separated non-negative integers with
     *     a major of at least 1
     */
    public static EventVersion parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("version is missing; expected \"MAJOR.MINOR\", e.g. \"1.0\"");
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "version \"" + text + "\" is not \"MAJOR.MINOR\" (e.g. \"1.0\", \"1.2\")");
        }
        return new EventVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** True when both versions share a major, so one handler serves both. */
    public boolean sameMajorAs(EventVersion other) {
        return major == other.major;
    }

    @Override
    public int compareTo(EventVersion other) {
        int byMajor = Integer.compare(major, other.major);
        return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
