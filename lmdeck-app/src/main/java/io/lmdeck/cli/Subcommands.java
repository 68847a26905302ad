package io.lmdeck.cli;

import io.lmdeck.lmstudio.sim.SimCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Every verb of {@code lmdeck}, in the order {@code --help} lists them. A call names its verb first, so only that
 * one is built: picocli reads a command's class by reflection, and {@code serve}'s and {@code sim}'s pull in the
 * server and the simulator (Javalin, Jetty, JDBC…), which a client call such as {@code lmdeck status} never needs
 * and should not spend its start-up on. {@code --help}, no verb or an unknown one get them all (to list them, or
 * to suggest the closest).
 */
final class Subcommands {
    private Subcommands() {
    }

    /** Registers the verb {@code args} name, or all when it names none. */
    static void register(CommandLine root, CliContext context, Supplier<ServerLauncher> launcher, String[] args) {
        Map<String, Supplier<Object>> verbs = new LinkedHashMap<>();
        verbs.put("serve", () -> new ServeCommand(context, launcher.get()));
        // The LM Studio simulator's own command (module lmstudio-sim).
        verbs.put("sim", () -> new SimCommand()); // a lambda, not SimCommand::new, which loads the class at once
        verbs.put("models", () -> ModelsCommand.class);
        verbs.put("ps", () -> PsCommand.class);
        verbs.put("load", () -> LoadCommand.class);
        verbs.put("unload", () -> UnloadCommand.class);
        verbs.put("cancel", () -> CancelCommand.class);
        verbs.put("status", () -> StatusCommand.class);
        verbs.put("events", () -> EventsCommand.class);
        verbs.put("activity", () -> ActivityCommand.class);
        verbs.put("preset", () -> PresetCommand.class);
        verbs.put("requests", () -> RequestsCommand.class);
        String verb = args.length == 0 ? null : args[0];
        if (verb != null && verbs.containsKey(verb)) {
            root.addSubcommand(verb, verbs.get(verb).get());
            return;
        }
        verbs.forEach((name, command) -> root.addSubcommand(name, command.get()));
    }
}
