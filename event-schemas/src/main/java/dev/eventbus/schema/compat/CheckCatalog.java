package dev.eventbus.schema.compat;

import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.SchemaException;
import dev.eventbus.schema.lock.LockProblem;
import dev.eventbus.schema.lock.SchemaLock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The schema gate CI runs ({@code ./scripts/check-schemas}): loads the catalog (which lints every
 * schema), checks every minor against every earlier minor of its major, and checks that published
 * schemas match {@code schemas.lock}. Prints each breaking change in plain words and exits 1 if there
 * is any problem, else prints a one-line summary and exits 0.
 *
 * <pre>
 * usage: CheckCatalog [--lock] [resources-root]
 *   resources-root  directory holding eventbus/catalog.json (default: event-schemas/src/main/resources)
 *   --lock          first append schema files missing from schemas.lock (existing lines are never rewritten)
 * </pre>
 */
public final class CheckCatalog {

    /** The catalog's resources root, relative to the repository root the script runs from. */
    public static final Path DEFAULT_ROOT = Path.of("event-schemas/src/main/resources");

    private static final String USAGE = "usage: CheckCatalog [--lock] [resources-root]";

    private CheckCatalog() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the gate; returns the exit status (0 passed, 1 problems found, 2 usage error). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean lock = false;
        Path root = DEFAULT_ROOT;
        int positional = 0;
        for (String arg : args) {
            if (arg.equals("--lock")) {
                lock = true;
            } else if (arg.startsWith("-") || positional++ > 0) {
                err.println("unexpected argument \"" + arg + "\"");
                err.println(USAGE);
                return 2;
            } else {
                root = Path.of(arg);
            }
        }
        try {
            if (lock) {
                for (String added : SchemaLock.appendNew(root)) {
                    out.println("locked " + added);
                }
            }
            EventCatalog catalog = EventCatalog.load(root);
            CatalogCompatibility compatibility = new CatalogCompatibility(catalog);
            List<VersionChange> breaking = compatibility.breakingChanges();
            List<LockProblem> lockProblems = SchemaLock.read(root).verify(root);
            if (!breaking.isEmpty()) {
                out.println("Breaking changes within a major version (each needs a new major, or a new event name):");
                breaking.forEach(change -> out.println("  - " + change));
            }
            if (!lockProblems.isEmpty()) {
                out.println("Published schemas and " + SchemaLock.RESOURCE + " disagree:");
                lockProblems.forEach(problem -> out.println("  - " + problem.message()));
            }
            if (!breaking.isEmpty() || !lockProblems.isEmpty()) {
                out.println("FAILED: " + count(breaking.size(), "breaking change") + ", "
                        + count(lockProblems.size(), "lock problem") + " in " + root);
                return 1;
            }
            int versions = catalog.events().stream().mapToInt(e -> e.versions().size()).sum();
            out.println("OK: " + count(catalog.events().size(), "event") + ", " + count(versions, "schema version")
                    + ", " + count(compatibility.comparedPairs(), "minor pair") + " compared, no breaking change; "
                    + "every schema is locked and unchanged (" + root + ")");
            return 0;
        } catch (SchemaException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
