package io.lmdeck.cli;

/**
 * Ends a command with a message for the user and an exit code. Main prints {@code lmdeck: <message>}
 * on stderr, never a stack trace.
 */
final class CliFailure extends RuntimeException {
    private final int exitCode;

    private CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }

    static CliFailure failed(String message) {
        return new CliFailure(ExitCode.FAILED, message);
    }

    static CliFailure unreachable(String message) {
        return new CliFailure(ExitCode.UNREACHABLE, message);
    }

    /** The same failure (and exit code) told differently. */
    CliFailure withMessage(String message) {
        return new CliFailure(exitCode, message);
    }

    int exitCode() {
        return exitCode;
    }
}
