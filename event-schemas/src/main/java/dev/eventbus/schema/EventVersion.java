package dev.eventbus.schema;

import dev.eventbus.schema.internal.Timestamps;

/**
 * A payload schema version, {@code MAJOR.MINOR} as it travels on the wire ({@code "1.2"}).
 *
 * <p>A minor adds optional fields only, so every minor of a major reaches the same handler; anything
 * else is a new major. Instances are immutable and ordered by major, then minor.
 */
public record EventVersion(int major, int minor) implements Comparable<EventVersion> {

    /** Digits a major or a minor may have: up to 999,999, so both always fit an int. */
    private static final int MAX_DIGITS = 6;

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
        // Every received message carries one; a scan instead of a regular expression (about 1% of a
        // worker's CPU in profiles). The grammar, after trimming: [1-9][0-9]{0,5} "." (0|[1-9][0-9]{0,5}).
        String t = text.trim();
        int dot = t.indexOf('.');
        int major = dot < 0 ? -1 : number(t, 0, dot);
        int minor = major < 1 ? -1 : number(t, dot + 1, t.length());
        if (minor < 0) {
            throw new IllegalArgumentException(
                    "version \"" + text + "\" is not \"MAJOR.MINOR\" (e.g. \"1.0\", \"1.2\")");
        }
        return new EventVersion(major, minor);
    }

    /**
     * The number {@code text[from, to)} spells: 1 to {@value #MAX_DIGITS} ASCII digits without a leading zero
     * (a lone "0" is fine); -1 if it is anything else.
     */
    private static int number(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_DIGITS || (length > 1 && text.charAt(from) == '0')) {
            return -1;
        }
        return Timestamps.digits(text, from, to);
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
