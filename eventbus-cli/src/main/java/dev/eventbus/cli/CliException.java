package dev.eventbus.cli;

/**
 * A problem the tool reports in one line, with the exit status it ends with: {@link ExitCode#USAGE} for
 * a wrong command line, {@link ExitCode#ERROR} for something it could not do (and why).
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    private CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The command line asks for something impossible or contradictory. */
    public static CliException usage(String message) {
        return new CliException(message, ExitCode.USAGE, null);
    }

    /** The tool could not do what was asked, for the reason given. */
    public static CliException refused(String message) {
        return new CliException(message, ExitCode.ERROR, null);
    }

    public static CliException refused(String message, Throwable cause) {
        return new CliException(message, ExitCode.ERROR, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
