package io.lmdeck.cli;

/** The CLI's exit codes (contract section 1). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** The lmdeck server or LM Studio cannot be reached. */
    public static final int UNREACHABLE = 3;

    private ExitCode() {
    }
}
