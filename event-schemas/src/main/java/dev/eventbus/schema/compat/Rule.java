package dev.eventbus.schema.compat;

/**
 * The compatibility rules the checker applies within a major version (FULL_TRANSITIVE: a minor must be
 * readable by consumers of every earlier minor, and its consumers must read data of every earlier
 * minor). Publishers validate against closed schemas and consumers read tolerantly, so a minor may
 * only add optional properties and open-enum values, remove optional properties while reserving their
 * names, and edit documentation. Everything else needs a new major.
 */
public enum Rule {

    /** An optional property was added under a name never used in the major and not reserved. */
    M1(false, "optional property added"),
    /** An optional property was removed and its name reserved in {@code x-reserved}. */
    M2(false, "optional property removed and its name reserved"),
    /** Only documentation changed: title, description, examples, deprecated, $comment. */
    M3(false, "documentation changed"),
    /** A value was added to an enum tagged {@code x-enum: open}. */
    M4(false, "value added to an open enum"),

    /** A required property was removed or renamed: consumers of earlier minors rely on it. */
    B1(true, "required property removed or renamed"),
    /**
     * A property changed between optional and required, or a new property is required: data written
     * by earlier minors lacks it, or consumers of earlier minors expect it.
     */
    B2(true, "property changed between optional and required, or added as required"),
    /** A type changed, including widening ({@code integer} to {@code number}) and scalar to array. */
    B3(true, "type changed"),
    /**
     * A validation constraint (format, pattern, length, range, multipleOf, uniqueness, const) was added,
     * removed or changed: tightening rejects old data, relaxing breaks consumers validating with the old
     * schema.
     */
    B4(true, "validation constraint added, removed or changed"),
    /** An enum value was removed or renamed, or an enum restriction was added to or removed from a property. */
    B5(true, "enum values removed or restriction changed"),
    /** A value was added to an enum tagged {@code x-enum: closed}, or an enum's open/closed tag changed. */
    B6(true, "closed enum extended or enum tag changed"),
    /**
     * An optional property was removed without reserving its name, a reserved name was used again, or a
     * name was taken out of {@code x-reserved}: the name could come back meaning something else.
     */
    B7(true, "property name history broken"),
    /** An object was opened to ({@code additionalProperties} no longer false) or closed against undeclared properties. */
    B8(true, "object opened or closed"),
    /** The event name, the schema's {@code $id} base or its dialect changed: that is a different event. */
    B12(true, "event identity changed");

    private final boolean breaking;
    private final String summary;

    Rule(boolean breaking, String summary) {
        this.breaking = breaking;
        this.summary = summary;
    }

    /** True when a change under this rule needs a new major version. */
    public boolean breaking() {
        return breaking;
    }

    /** What the rule is about, in a few words. */
    public String summary() {
        return summary;
    }
}
