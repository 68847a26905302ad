package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lmdeck load MODEL}: makes MODEL the active model and follows the load live until it is ready (exit 0),
 * fails (exit 1, with the reason) or is cancelled with Ctrl-C (exit 1).
 */
@Command(name = "load",
        description = {"Load MODEL in LM Studio and make it the active model, with a live progress bar.",
            "MODEL is the exact key or an unambiguous part of its key or name. Ctrl-C cancels the load."})
final class LoadCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model key, or an unambiguous part of it.")
    String model;

    @Option(names = {"-c", "--context-length"}, paramLabel = "N", description = "Context length in tokens.")
    Integer contextLength;

    @Option(names = "--gpu-offload", paramLabel = "R|max", converter = GpuOffloadConverter.class,
            description = "Share of the model on the GPU: 0 to 1, or max.")
    Object gpuOffload;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "Unload after this many idle seconds.")
    Integer ttlSeconds;

    @Option(names = "--keep-others", description = "Keep the other loaded models (default: lmdeck's own are unloaded).")
    boolean keepOthers;

    @Option(names = "--no-wait", description = "Start the load and return at once; follow it with: lmdeck events -f")
    boolean noWait;

    LoadCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        requirePositive(contextLength, "--context-length");
        requirePositive(ttlSeconds, "--ttl");
        LmdeckHttp http = connection.connect(context);
        List<JsonNode> models = Api.modelsToMatch(http);
        String key = ModelMatcher.resolve(model, Api.candidates(models)).key();
        JsonNode target = Api.byKey(models, key);
        Map<String, Object> body = body(key);
        PrintStream out = context.out();
        if (noWait) {
            JsonNode answer = http.post(Api.LOAD, body).body();
            if ("loaded".equals(answer.path("state").asText())) {
                out.println(key + " is already loaded; it is now the active model.");
            } else {
                out.println("Loading " + key + " (operation " + answer.path("operation_id").asText() + ")."
                        + " Follow it with: ./lmdeck events --follow");
            }
            return ExitCode.OK;
        }
        try (EventStream events = http.events(null)) {
            return new LoadWatch(context, http, events, key, Api.nameOf(target)).run(body);
        }
    }

    private Map<String, Object> body(String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", key);
        if (contextLength != null) {
            body.put("context_length", contextLength);
        }
        if (gpuOffload != null) {
            body.put("gpu_offload", gpuOffload);
        }
        if (ttlSeconds != null) {
            body.put("ttl_seconds", ttlSeconds);
        }
        body.put("keep_others", keepOthers);
        return body;
    }

    private static void requirePositive(Integer value, String option) {
        if (value != null && value <= 0) {
            throw CliFailure.usage(option + " must be a positive number (got " + value + ")");
        }
    }

    /** {@code max}, or a ratio from 0 to 1 (as the contract's {@code gpu_offload}). */
    static final class GpuOffloadConverter implements CommandLine.ITypeConverter<Object> {
        @Override
        public Object convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.equals("max")) {
                return "max";
            }
            try {
                double ratio = Double.parseDouble(text);
                if (ratio >= 0 && ratio <= 1) {
                    return ratio;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new CommandLine.TypeConversionException(
                    "expected a number from 0 to 1, or max (got '" + value + "')");
        }
    }
}
