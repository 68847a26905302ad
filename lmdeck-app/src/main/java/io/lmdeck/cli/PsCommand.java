package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lmdeck ps}: the loaded instances, like {@code lms ps}. */
@Command(name = "ps",
        description = "List the model instances loaded in LM Studio (by lmdeck or by anything else).")
final class PsCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Option(names = "--json", description = "Print the server's JSON list of instances (status \"loaded\").")
    boolean json;

    PsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode status = Api.status(connection.connect(context));
        JsonNode loaded = status.path("loaded");
        PrintStream out = context.out();
        if (json) {
            out.println(JsonOutput.pretty(loaded));
            return ExitCode.OK;
        }
        if (!status.path("online").asBoolean(true)) {
            out.println("LM Studio is offline: these are the instances last seen loaded.");
        }
        if (loaded.size() == 0) {
            out.println("No models are currently loaded.");
            out.println("Load one with: ./lmdeck load MODEL   (./lmdeck models lists them)");
            return ExitCode.OK;
        }
        String activeKey = Api.text(status.path("active_model"), "model_id");
        Instant now = context.clock().instant();
        ZoneId zone = context.clock().getZone();
        TextTable table = new TextTable("IDENTIFIER", "MODEL", "CONTEXT", "SIZE", "LOADED BY", "SINCE", "");
        for (JsonNode instance : loaded) {
            String model = instance.path("model_id").asText();
            JsonNode memory = instance.path("memory_bytes");
            JsonNode context = instance.path("context_length");
            Instant since = Human.instant(Api.text(instance, "loaded_at"));
            table.row(instance.path("instance_id").asText(), model,
                    context.isNumber() ? context.asText() : "",
                    memory.isNumber() ? Human.bytes(memory.asLong()) : "",
                    instance.path("loaded_by").asText(""),
                    since == null ? "" : Human.time(since, now, zone) + " (" + Human.ago(since, now) + ")",
                    model.equals(activeKey) ? "ACTIVE" : "");
        }
        table.lines().forEach(out::println);
        return ExitCode.OK;
    }
}
