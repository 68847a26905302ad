package io.lmdeck.cli;

/**
 * Ends a command with a message for the user and an exit code. Main prints {@code lmdeck: <message>}
 * on stderr, never a stack trace.
 */
final class CliFailure extends RuntimeException {
    private final int exitCode;
    /** The HTTP status of the server's refusal this failure reports; 0 when it is not one. */
    private final int httpStatus;

    private CliFailure(int exitCode, String message, int httpStatus) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    private CliFailure(int exitCode, String message) {
        this(exitCode, message, 0);
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
        return new CliFailure(exitCode, message, httpStatus);
    }

    /** The same failure, as the server's refusal with this HTTP status. */
    CliFailure fromHttp(int status) {
        return new CliFailure(exitCode, getMessage(), status);
    }

    int exitCode() {
        return exitCode;
    }

    int httpStatus() {
        return httpStatus;
    }
}
