package dev.eventbus.schema.compat;

import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.schema.EventVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a whole catalog FULL_TRANSITIVE within each major: every minor against every earlier minor of
 * the same major, for every event. Different majors are never compared; a new major may change
 * anything (and ships an upcaster). Immutable and thread-safe.
 */
public final class CatalogCompatibility {

    private final EventCatalog catalog;
    private final CompatibilityChecker checker = new CompatibilityChecker();

    public CatalogCompatibility(EventCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** Every change, breaking or not, ordered by event, then older version, then newer version. */
    public List<VersionChange> changes() {
        List<VersionChange> changes = new ArrayList<>();
        for (EventDefinition event : catalog.events()) {
            for (int major : event.majors()) {
                List<EventVersion> minors = event.versionsOf(major);
                for (int older = 0; older < minors.size(); older++) {
                    for (int newer = older + 1; newer < minors.size(); newer++) {
                        EventVersion from = minors.get(older);
                        EventVersion to = minors.get(newer);
                        for (Change change : checker.compare(
                                catalog.schema(event.name(), from), catalog.schema(event.name(), to))) {
                            changes.add(new VersionChange(event.name(), from, to, change));
                        }
                    }
                }
            }
        }
        return List.copyOf(changes);
    }

    /** The changes that need a new major version; empty when the catalog is compatible. */
    public List<VersionChange> breakingChanges() {
        return changes().stream().filter(VersionChange::breaking).toList();
    }

    /** How many (older, newer) minor pairs the check compares. */
    public int comparedPairs() {
        int pairs = 0;
        for (EventDefinition event : catalog.events()) {
            for (int major : event.majors()) {
                int minors = event.versionsOf(major).size();
                pairs += minors * (minors - 1) / 2;
            }
        }
        return pairs;
    }
}
