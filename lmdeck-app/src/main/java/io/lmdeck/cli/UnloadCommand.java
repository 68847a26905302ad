package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lmdeck unload MODEL|--all}. Unloading a model that is not loaded is not an error (exit 0). */
@Command(name = "unload",
        description = {"Unload MODEL (every instance of it) or, with --all, everything loaded in LM Studio.",
            "MODEL is a model key, an unambiguous part of one, or an instance identifier from ./lmdeck ps."})
final class UnloadCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(arity = "1..*", paramLabel = "MODEL",
                description = "The model (or instance) to unload; several words are one name (gemma 3 12b).")
        List<String> model;

        @Option(names = "--all", required = true, description = "Unload every loaded model.")
        boolean all;
    }

    UnloadCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LmdeckHttp http = connection.connect(context);
        PrintStream out = context.out();
        if (target.all) {
            JsonNode answer = http.post(Api.UNLOAD, Map.of("all", true)).body();
            List<String> ids = unloaded(answer);
            out.println(ids.isEmpty() ? "Nothing was loaded."
                    : "Unloaded " + ids.size() + (ids.size() == 1 ? " model: " : " models: ") + String.join(", ", ids));
            return ExitCode.OK;
        }
        String name = ModelMatcher.query(target.model);
        JsonNode status = Api.status(http);
        for (JsonNode instance : status.path("loaded")) {
            if (name.equals(instance.path("instance_id").asText())) {
                return report(http.post(Api.UNLOAD, Map.of("instance_id", name)).body(), name);
            }
        }
        List<JsonNode> models = Api.modelsToMatch(http);
        List<JsonNode> loaded = models.stream().filter(m -> m.path("instances").size() > 0).collect(Collectors.toList());
        List<ModelMatcher.Candidate> loadedMatches = ModelMatcher.matches(name, Api.candidates(loaded));
        if (loadedMatches.isEmpty()) {
            String key = ModelMatcher.resolve(name, Api.candidates(models)).key();
            out.println(key + " is not loaded: nothing to unload.");
            return ExitCode.OK;
        }
        // Prefer the loaded models: "unload qwen" means the qwen that is loaded.
        String key = ModelMatcher.resolve(name, Api.candidates(loaded)).key();
        return report(http.post(Api.UNLOAD, Map.of("model_id", key)).body(), key);
    }

    private int report(JsonNode answer, String what) {
        if (answer.path("state").asText().equals("draining")) { // 202: requests still run on it
            context.out().println(what + " is draining: it is unloaded when the requests running on it end.");
            return ExitCode.OK;
        }
        List<String> ids = unloaded(answer);
        context.out().println("Unloaded " + (ids.isEmpty() || ids.equals(List.of(what)) ? what : String.join(", ", ids)) + ".");
        return ExitCode.OK;
    }

    private static List<String> unloaded(JsonNode answer) {
        JsonNode ids = answer.path("unloaded_instance_ids");
        return ids.isArray()
                ? java.util.stream.StreamSupport.stream(ids.spliterator(), false).map(JsonNode::asText)
                        .collect(Collectors.toList())
                : List.of();
    }
}
