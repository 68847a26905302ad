package io.lmdeck.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lmdeck}: the root command of the fat jar. {@link #run} runs any command in-process (tests use it);
 * {@link #main} wires it to the real terminal and exits with the contract's exit code.
 */
@Command(name = "lmdeck",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "See, load and unload LM Studio's models with live feedback.",
            "The client commands talk to a running lmdeck server (start one with: ./lmdeck serve).",
        },
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  ok",
            "  1  the operation failed (the reason is printed)",
            "  2  usage error (unknown option, unknown or ambiguous model name)",
            "  3  the lmdeck server or LM Studio cannot be reached",
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        CliContext context = new CliContext(out, err, System.getenv(), System.console() != null,
                SignalInterrupts.create(), Clock.systemDefaultZone());
        System.exit(run(args, context));
    }

    /** Runs a command the way {@code ./lmdeck} would, with stdout not a terminal and no Ctrl-C; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, CliContext.of(out, err, env));
    }

    public static int run(String[] args, CliContext context) {
        CommandLine cli = commandLine(context, ServerLauncher::lmdeckServer, args);
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
            context.out().flush();
            context.err().flush();
        }
    }

    /** Every command; {@code serve} starts servers through {@code launcher}. */
    static CommandLine commandLine(CliContext context, ServerLauncher launcher) {
        return commandLine(context, () -> launcher, new String[0]);
    }

    /** The command tree for {@code args}: only the verb they name (see {@link Subcommands}). */
    private static CommandLine commandLine(CliContext context, Supplier<ServerLauncher> launcher, String[] args) {
        CommandLine cli = new CommandLine(new Main(), new ContextFactory(context));
        Subcommands.register(cli, context, launcher, args);
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.setExecutionExceptionHandler(new Failures(context));
        cli.setParameterExceptionHandler(Failures::onUsageError);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        // "lmdeck" alone: show what it can do.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
