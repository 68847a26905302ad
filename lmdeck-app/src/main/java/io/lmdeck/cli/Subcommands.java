package io.lmdeck.cli;

import io.lmdeck.lmstudio.sim.SimCommand;
import picocli.CommandLine;

/** Every verb of {@code lmdeck}, in the order {@code --help} lists them. */
final class Subcommands {
    private Subcommands() {
    }

    static void register(CommandLine root, CliContext context, ServerLauncher launcher) {
        root.addSubcommand("serve", new ServeCommand(context, launcher));
        // The LM Studio simulator's own command (module lmstudio-sim).
        root.addSubcommand("sim", new SimCommand());
        root.addSubcommand("models", ModelsCommand.class);
        root.addSubcommand("ps", PsCommand.class);
        root.addSubcommand("load", LoadCommand.class);
        root.addSubcommand("unload", UnloadCommand.class);
        root.addSubcommand("cancel", CancelCommand.class);
        root.addSubcommand("status", StatusCommand.class);
        root.addSubcommand("events", EventsCommand.class);
        root.addSubcommand("activity", ActivityCommand.class);
        root.addSubcommand("preset", PresetCommand.class);
    }
}
