package io.lmdeck.cli;

import picocli.CommandLine;

/** Every verb of {@code lmdeck}, in the order {@code --help} lists them. */
final class Subcommands {
    private Subcommands() {
    }

    static void register(CommandLine root, CliContext context, ServerLauncher launcher) {
        root.addSubcommand("serve", new ServeCommand(context, launcher));
        addSimulator(root);
        root.addSubcommand("models", ModelsCommand.class);
        root.addSubcommand("ps", PsCommand.class);
        root.addSubcommand("load", LoadCommand.class);
        root.addSubcommand("unload", UnloadCommand.class);
        root.addSubcommand("cancel", CancelCommand.class);
        root.addSubcommand("status", StatusCommand.class);
        root.addSubcommand("events", EventsCommand.class);
        root.addSubcommand("activity", ActivityCommand.class);
    }

    /** {@code lmdeck sim}: the LM Studio simulator's own command (module lmstudio-sim). */
    private static void addSimulator(CommandLine root) {
        try {
            Object sim = Class.forName("io.lmdeck.lmstudio.sim.SimCommand").getDeclaredConstructor().newInstance();
            root.addSubcommand("sim", sim);
        } catch (ReflectiveOperationException e) {
            // Not built into this jar yet.
        }
    }
}
