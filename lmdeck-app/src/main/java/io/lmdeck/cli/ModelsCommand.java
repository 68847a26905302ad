package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lmdeck models}: LM Studio's catalogue, like {@code lms ls}. */
@Command(name = "models",
        description = "List LM Studio's downloaded models: LLMs, then embedding models, with what is loaded.")
final class ModelsCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Option(names = "--json", description = "Print the server's JSON (GET /api/models/lmstudio).")
    boolean json;

    /** Null when neither is given; picocli refuses both at once (exit 2: they exclude each other). */
    @ArgGroup(exclusive = true)
    Only only;

    static final class Only {
        @Option(names = "--llm", description = "Only LLMs.")
        boolean llm;

        @Option(names = "--embedding", description = "Only embedding models.")
        boolean embedding;
    }

    ModelsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LmdeckHttp http = connection.connect(context);
        JsonNode catalog = http.get(Api.CATALOG);
        PrintStream out = context.out();
        List<JsonNode> models = Api.models(catalog);
        // An empty catalogue from an LM Studio lmdeck has not reached says nothing about the models there.
        boolean unknown = models.isEmpty() && !catalog.path("online").asBoolean(false);
        if (json) {
            out.println(JsonOutput.pretty(catalog));
            return unknown ? ExitCode.UNREACHABLE : ExitCode.OK;
        }
        JsonNode status = Api.status(http);
        if (unknown) {
            throw Api.notReached(status);
        }
        String activeKey = Api.text(status.path("active_model"), "model_id");
        if (!catalog.path("online").asBoolean(true)) {
            out.println("LM Studio is offline: this is the last known catalogue, it may be out of date.");
            out.println();
        }
        if (models.isEmpty()) {
            out.println("You have no models yet. Download one in LM Studio (or: lms get MODEL).");
            return ExitCode.OK;
        }
        long disk = models.stream().mapToLong(m -> m.path("size_bytes").asLong(0)).sum();
        out.println("You have " + models.size() + (models.size() == 1 ? " model" : " models")
                + ", taking up " + Human.bytes(disk) + " of disk space.");
        if (only == null || only.llm) {
            print(out, "LLM", ofType(models, "llm", false), activeKey);
        }
        if (only == null || only.embedding) {
            print(out, "EMBEDDING", ofType(models, "llm", true), activeKey);
        }
        return ExitCode.OK;
    }

    private static List<JsonNode> ofType(List<JsonNode> models, String type, boolean exclude) {
        return models.stream()
                .filter(m -> type.equals(m.path("type").asText()) != exclude)
                .collect(Collectors.toList());
    }

    private static void print(PrintStream out, String heading, List<JsonNode> models, String activeKey) {
        if (models.isEmpty()) {
            return;
        }
        TextTable table = new TextTable(heading, "PARAMS", "ARCH", "QUANT", "SIZE", "");
        for (JsonNode model : models) {
            String key = model.path("model_id").asText();
            table.row(key, Api.text(model, "params"), Api.text(model, "architecture"),
                    Api.text(model, "quantization"), Human.bytes(model.path("size_bytes").asLong(0)),
                    marker(model, key.equals(activeKey)));
        }
        out.println();
        table.lines().forEach(out::println);
    }

    /** {@code ✓ LOADED}, {@code ✓ LOADED (2)}, {@code LOADING 42%}, … and {@code · ACTIVE} for the active model. */
    static String marker(JsonNode model, boolean active) {
        String state = model.path("state").asText("not_loaded");
        int instances = model.path("instances").size();
        String marker;
        switch (state) {
            case "loaded":
                marker = "✓ LOADED" + (instances > 1 ? " (" + instances + ")" : "");
                break;
            case "loading":
                JsonNode progress = model.path("progress");
                marker = "LOADING" + (progress.isNumber() ? " " + Human.percent(progress.asDouble()) : "…");
                break;
            case "unloading":
                marker = "UNLOADING…";
                break;
            case "failed":
                marker = "FAILED";
                break;
            default:
                marker = instances > 0 ? "✓ LOADED" : "";
                break;
        }
        return active ? (marker.isEmpty() ? "ACTIVE" : marker + " · ACTIVE") : marker;
    }
}
