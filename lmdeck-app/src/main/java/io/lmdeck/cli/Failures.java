package io.lmdeck.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Turns whatever ends a command into one clear line on stderr and the contract's exit code; never a stack trace. */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    private final CliContext context;

    Failures(CliContext context) {
        this.context = context;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        context.out().flush();
        if (e instanceof CliFailure) {
            CliFailure failure = (CliFailure) e;
            context.err().println("lmdeck: " + failure.getMessage());
            return failure.exitCode();
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        context.err().println("lmdeck: " + command.getCommandName() + " failed unexpectedly: " + detail);
        return ExitCode.FAILED;
    }

    /** Unknown command or option, bad value: the reason, the closest suggestions, and where to read more (exit 2). */
    static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("lmdeck: " + describe(e));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try: ./lmdeck " + qualifiedName(command) + "--help");
        err.flush();
        return ExitCode.USAGE;
    }

    /** "'lod' is not an lmdeck command" reads better than picocli's "Unmatched arguments from index 0". */
    private static String describe(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException) {
            CommandLine.UnmatchedArgumentException unmatched = (CommandLine.UnmatchedArgumentException) e;
            java.util.List<String> args = unmatched.getUnmatched();
            CommandLine command = e.getCommandLine();
            if (!args.isEmpty()) {
                String first = args.get(0);
                if (first.startsWith("-")) {
                    return "unknown option '" + first + "'";
                }
                if (!command.getSubcommands().isEmpty()) {
                    return "'" + first + "' is not an lmdeck command";
                }
                return "unexpected argument '" + first + "'";
            }
        }
        String message = e.getMessage();
        return message != null && message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
    }

    private static String qualifiedName(CommandLine command) {
        StringBuilder name = new StringBuilder();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
            name.insert(0, c.getCommandName() + " ");
        }
        return name.toString();
    }
}
