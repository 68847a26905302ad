package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lmdeck preset MODEL [changes]}: shows or changes a model's preset (read, change, write back the whole
 * preset with PUT); {@code --clear} deletes it; {@code --list} shows every preset.
 */
@Command(name = "preset",
        description = {"Show or change how lmdeck loads MODEL: context length, GPU offload, parallel requests, idle TTL,",
            "pin, aliases. Every later load of MODEL (picker, CLI, API) uses it unless it says otherwise.",
            "A setting given as 'default' goes back to LM Studio's default."})
final class PresetCommand implements Callable<Integer> {
    private static final String DEFAULT = "default";
    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The model key, an alias, or an unambiguous part of the key or name.")
    String model;

    @Option(names = "--list", description = "List every preset (stored through lmdeck or from its --config file).")
    boolean list;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Option(names = "--clear", description = "Delete MODEL's preset (a preset from --config then applies again).")
    boolean clear;

    @Option(names = {"-c", "--context-length"}, paramLabel = "N|default", description = "Context length in tokens.")
    String contextLength;

    @Option(names = "--gpu-offload", paramLabel = "R|max|default", description = "Share of the model on the GPU: 0 to 1, or max.")
    String gpuOffload;

    @Option(names = "--parallel", paramLabel = "N|default", description = "Requests served at once.")
    String parallel;

    @Option(names = "--ttl", paramLabel = "SECONDS|default", description = "Unload after this many idle seconds.")
    String ttl;

    @Option(names = "--pin", negatable = true, description = "Pinned: never evicted nor unloaded for idleness (--no-pin undoes it).")
    Boolean pin;

    @Option(names = "--alias", paramLabel = "NAME", description = "Add an alias: a name that means MODEL (repeatable).")
    List<String> addAliases = new ArrayList<>();

    @Option(names = "--remove-alias", paramLabel = "NAME", description = "Remove an alias (repeatable).")
    List<String> removeAliases = new ArrayList<>();

    PresetCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        boolean changes = contextLength != null || gpuOffload != null || parallel != null || ttl != null || pin != null
                || !addAliases.isEmpty() || !removeAliases.isEmpty();
        if (list) {
            if (model != null || clear || changes) {
                throw CliFailure.usage("--list takes no MODEL and no changes");
            }
            return list(connection.connect(context));
        }
        if (model == null) {
            throw CliFailure.usage("say which model: lmdeck preset MODEL [changes], or lmdeck preset --list");
        }
        if (clear && changes) {
            throw CliFailure.usage("--clear deletes the whole preset: give it without changes");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        putInteger(fields, "context_length", contextLength, "--context-length");
        putGpuOffload(fields);
        putInteger(fields, "parallel", parallel, "--parallel");
        putInteger(fields, "ttl_seconds", ttl, "--ttl");
        LmdeckHttp http = connection.connect(context);
        String key = resolve(http);
        String path = Api.presetPath(key);
        if (clear) {
            JsonNode answer = http.delete(path).body();
            print(answer, () -> clearedLine(key, answer));
            return ExitCode.OK;
        }
        JsonNode preset = http.get(path);
        if (!changes) {
            print(preset, () -> describe(preset));
            return ExitCode.OK;
        }
        JsonNode stored = http.put(path, changed(preset, fields)).body();
        print(stored, () -> describe(stored));
        return ExitCode.OK;
    }

    /** The whole preset to PUT: what it was, with the changes asked for. */
    private Map<String, Object> changed(JsonNode preset, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : List.of("context_length", "gpu_offload", "parallel", "ttl_seconds")) {
            JsonNode value = preset.path(field);
            body.put(field, value.isMissingNode() || value.isNull() ? null : value);
        }
        body.putAll(fields);
        body.put("pinned", pin != null ? pin : preset.path("pinned").asBoolean(false));
        Set<String> aliases = new LinkedHashSet<>();
        preset.path("aliases").forEach(alias -> aliases.add(alias.asText()));
        aliases.addAll(addAliases);
        for (String alias : removeAliases) {
            if (!aliases.remove(alias)) {
                throw CliFailure.usage(preset.path("model_id").asText() + " has no alias '" + alias + "'");
            }
        }
        body.put("aliases", new ArrayList<>(aliases));
        return body;
    }

    /** The model MODEL names: in the catalogue (aliases included), or a stored preset's own key. */
    private String resolve(LmdeckHttp http) {
        for (JsonNode preset : http.get(Api.PRESETS).path("presets")) {
            if (preset.path("model_id").asText().equals(model.trim())) {
                return model.trim();
            }
        }
        return ModelMatcher.resolve(model, Api.candidates(Api.modelsToMatch(http))).key();
    }

    private int list(LmdeckHttp http) {
        JsonNode answer = http.get(Api.PRESETS);
        if (json) {
            context.out().println(JsonOutput.pretty(answer));
            return ExitCode.OK;
        }
        JsonNode presets = answer.path("presets");
        if (presets.isEmpty()) {
            context.out().println("No presets: every model loads with LM Studio's defaults."
                    + " Set one with: ./lmdeck preset MODEL --context-length 8192");
            return ExitCode.OK;
        }
        TextTable table = new TextTable("MODEL", "CONTEXT", "GPU", "PARALLEL", "TTL", "PINNED", "ALIASES", "FROM");
        for (JsonNode p : presets) {
            table.row(p.path("model_id").asText(), value(p, "context_length"), value(p, "gpu_offload"), value(p, "parallel"),
                    p.path("ttl_seconds").isNumber() ? p.path("ttl_seconds").asInt() + " s" : "-",
                    p.path("pinned").asBoolean() ? "yes" : "-", aliases(p), source(p));
        }
        table.lines().forEach(context.out()::println);
        return ExitCode.OK;
    }

    private void print(JsonNode answer, Supplier<String> human) {
        context.out().println(json ? JsonOutput.pretty(answer) : human.get());
    }

    private static String describe(JsonNode p) {
        return p.path("model_id").asText() + " (" + source(p) + ")\n"
                + "  context length  " + orDefault(value(p, "context_length")) + "\n"
                + "  GPU offload     " + orDefault(value(p, "gpu_offload")) + "\n"
                + "  parallel        " + orDefault(value(p, "parallel")) + "\n"
                + "  idle TTL        " + (p.path("ttl_seconds").isNumber() ? p.path("ttl_seconds").asInt() + " s" : "none") + "\n"
                + "  pinned          " + (p.path("pinned").asBoolean() ? "yes" : "no") + "\n"
                + "  aliases         " + (p.path("aliases").isEmpty() ? "none" : aliases(p));
    }

    private static String clearedLine(String key, JsonNode answer) {
        String what = answer.path("deleted").asBoolean() ? "Deleted the preset of " + key + "." : key + " had no stored preset.";
        JsonNode inEffect = answer.path("in_effect");
        return inEffect.isObject() ? what + " The preset from the --config file applies:\n" + describe(inEffect)
                : what + " It loads with LM Studio's defaults.";
    }

    private static String value(JsonNode preset, String field) {
        JsonNode value = preset.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    private static String orDefault(String value) {
        return value.equals("-") ? "LM Studio's default" : value;
    }

    private static String aliases(JsonNode preset) {
        List<String> names = new ArrayList<>();
        preset.path("aliases").forEach(alias -> names.add(alias.asText()));
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    private static String source(JsonNode preset) {
        switch (preset.path("source").asText()) {
            case "api":
                return "set through lmdeck";
            case "config":
                return "from the --config file";
            default:
                return "no preset: LM Studio's defaults";
        }
    }

    private static void putInteger(Map<String, Object> fields, String field, String text, String option) {
        if (text == null) {
            return;
        }
        if (text.trim().equalsIgnoreCase(DEFAULT)) {
            fields.put(field, null);
            return;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                fields.put(field, value);
                return;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw CliFailure.usage(option + " must be a positive whole number or 'default' (got " + text + ")");
    }

    private void putGpuOffload(Map<String, Object> fields) {
        if (gpuOffload == null) {
            return;
        }
        if (gpuOffload.trim().equalsIgnoreCase(DEFAULT)) {
            fields.put("gpu_offload", null);
            return;
        }
        try {
            fields.put("gpu_offload", new LoadCommand.GpuOffloadConverter().convert(gpuOffload));
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw CliFailure.usage("--gpu-offload: " + e.getMessage() + " or default");
        }
    }
}
