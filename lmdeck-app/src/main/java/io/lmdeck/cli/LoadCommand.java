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
    private static final String CONTEXT_OPTION = "-c/--context-length";
    /** The load body's fields (contract section 2) and the options that set them. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.of("context_length", CONTEXT_OPTION,
            "ttl_seconds", "--ttl", "gpu_offload", "--gpu-offload", "keep_others", "--keep-others");

    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Parameters(arity = "1..*", paramLabel = "MODEL",
            description = "The model key, or an unambiguous part of it (several words are one name: gemma 3 12b).")
    List<String> model;

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
        requirePositive(contextLength, CONTEXT_OPTION);
        requirePositive(ttlSeconds, "--ttl");
        LmdeckHttp http = connection.connect(context);
        List<JsonNode> models = Api.modelsToMatch(http);
        String key = ModelMatcher.resolve(ModelMatcher.query(model), Api.candidates(models)).key();
        JsonNode target = Api.byKey(models, key);
        JsonNode maxContext = target.path("max_context_length");
        if (contextLength != null && maxContext.isNumber() && contextLength > maxContext.asLong()) {
            throw CliFailure.usage(CONTEXT_OPTION + " must be between 1 and " + maxContext.asLong() + " for " + key
                    + " (got " + contextLength + ")");
        }
        Map<String, Object> body = body(key);
        PrintStream out = context.out();
        if (noWait) {
            JsonNode answer = post(http, body);
            if ("loaded".equals(answer.path("state").asText())) {
                out.println(key + " is already loaded; it is now the active model.");
            } else {
                out.println("Loading " + key + " (operation " + answer.path("operation_id").asText() + ")."
                        + " Follow it with: ./lmdeck events --follow");
            }
            return ExitCode.OK;
        }
        try (EventStream events = http.events(null)) {
            return new LoadWatch(context, http, events, key, Api.nameOf(target)).run(() -> post(http, body));
        }
    }

    /** POSTs the load; a refusal names the options the user typed rather than the API's fields. */
    private static JsonNode post(LmdeckHttp http, Map<String, Object> body) {
        try {
            return http.post(Api.LOAD, body).body();
        } catch (CliFailure refused) {
            String message = refused.getMessage();
            for (Map.Entry<String, String> field : OPTION_OF_FIELD.entrySet()) {
                message = message.replaceAll("(Field )?'?\\b" + field.getKey() + "\\b'?", field.getValue());
            }
            throw refused.withMessage(message);
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
