package dev.eventbus.cli;

/**
 * The tool's exit statuses, the same for every command.
 *
 * <ul>
 *   <li>{@link #OK} 0: done, and nothing needs attention (an empty DLQ, a replay that moved everything asked);
 *   <li>{@link #FAILURES} 1: failures found: the DLQ holds messages ({@code stats}, {@code show}), some
 *       messages could not be replayed or purged, a canary failed, a redrive task failed;
 *   <li>{@link #USAGE} 2: the command line is wrong (unknown option, missing or conflicting arguments,
 *       a confirmation needed but no terminal to ask on);
 *   <li>{@link #ERROR} 3: it could not run: SQS or Redis unreachable or refusing, an unknown queue, a
 *       redrive SQS cannot do.
 * </ul>
 */
public final class ExitCode {

    public static final int OK = 0;
    public static final int FAILURES = 1;
    public static final int USAGE = 2;
    public static final int ERROR = 3;

    private ExitCode() {}
}
