package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.events.EventType;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lmdeck activity}: the persisted activity log, newest first (GET /api/activity). */
@Command(name = "activity",
        description = "Show the activity log (every lifecycle event lmdeck saw), newest first.",
        footerHeading = "%nEvent types:%n",
        footer = {"  model_loading_started, model_loading_progress, model_loading_complete, model_loading_failed,",
            "  model_loading_cancelled, model_unloaded, model_loaded_externally, model_unloaded_externally,",
            "  lmstudio_online, lmstudio_offline, active_model_changed"})
final class ActivityCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50",
            description = "How many entries (1 to 500, default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only this model (key or unambiguous part).")
    String model;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Only this event type (listed below; a unique part is enough, e.g. failed).")
    String type;

    @Option(names = "--before", paramLabel = "ID", description = "Entries older than this id (the next page).")
    Long before;

    @Option(names = "--json", description = "Print the server's JSON (GET /api/activity).")
    boolean json;

    ActivityCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode page = fetch(context, connection.connect(context), limit, before, model, type);
        PrintStream out = context.out();
        if (json) {
            out.println(JsonOutput.pretty(page));
            return ExitCode.OK;
        }
        JsonNode items = page.path("items");
        if (items.size() == 0) {
            out.println("No activity" + (model != null || type != null ? " matches these filters." : " yet."));
            return ExitCode.OK;
        }
        Instant now = context.clock().instant();
        ZoneId zone = context.clock().getZone();
        TextTable table = new TextTable("ID", "TIME", "TYPE", "CAUSE", "MESSAGE");
        for (JsonNode item : items) {
            Instant at = Human.instant(Api.text(item, "at"));
            table.row(item.path("id").asText(), at == null ? "" : Human.time(at, now, zone),
                    item.path("type").asText(), item.path("cause").asText(), item.path("message").asText());
        }
        table.lines().forEach(out::println);
        JsonNode next = page.path("next_before");
        if (next.isNumber()) {
            out.println("More: ./lmdeck activity --before " + next.asLong()
                    + (limit != 50 ? " --limit " + limit : ""));
        }
        return ExitCode.OK;
    }

    /** One page of the log with the filters validated and the model name resolved to its key. */
    static JsonNode fetch(CliContext context, LmdeckHttp http, int limit, Long before, String model, String type) {
        if (limit < 1 || limit > 500) {
            throw CliFailure.usage("--limit must be between 1 and 500 (got " + limit + ")");
        }
        StringBuilder query = new StringBuilder("?limit=").append(limit);
        if (before != null) {
            query.append("&before=").append(before);
        }
        if (type != null) {
            query.append("&type=").append(encode(eventType(type)));
        }
        if (model != null) {
            query.append("&model_id=").append(encode(modelKey(http, model)));
        }
        return http.get(Api.ACTIVITY + query);
    }

    private static String eventType(String type) {
        List<String> names = Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.toList());
        String wanted = type.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        if (names.contains(wanted)) {
            return wanted;
        }
        List<String> containing = names.stream().filter(n -> n.contains(wanted)).collect(Collectors.toList());
        if (containing.size() == 1) {
            return containing.get(0);
        }
        throw CliFailure.usage("--type " + type + (containing.isEmpty() ? " is not an event type" : " is ambiguous")
                + "; the types are:\n  " + String.join("\n  ", containing.isEmpty() ? names : containing));
    }

    /** A catalogue model's key; a name the catalogue does not know is passed as is (the model may be gone). */
    private static String modelKey(LmdeckHttp http, String model) {
        List<ModelMatcher.Candidate> candidates = Api.candidates(Api.models(http.get(Api.CATALOG)));
        List<ModelMatcher.Candidate> found = ModelMatcher.matches(model, candidates);
        return found.isEmpty() ? model.trim() : ModelMatcher.resolve(model, candidates).key();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
