package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lmdeck events}: the latest lifecycle events, oldest first, like {@code tail}; {@code --follow} then
 * prints new ones live (SSE, resumed from the last one printed so nothing is missed) until Ctrl-C.
 */
@Command(name = "events",
        description = {"Print the latest lifecycle events, oldest first (--follow: then live ones).",
            "With --follow it keeps printing events as they happen until Ctrl-C.",
            "--json prints one event object per line (the contract's event data)."})
final class EventsCommand implements Callable<Integer> {
    private static final long POLL_MILLIS = 200;

    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Option(names = {"-f", "--follow"}, description = "Keep printing events as they happen.")
    boolean follow;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
            description = "How many past events to print first (0 to 500, default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per line, as the server sends them.")
    boolean json;

    /** Per operation, the last 10 % step printed: live progress events come often, a person wants a few. */
    private final Map<String, Integer> progressShown = new HashMap<>();

    EventsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (limit < 0 || limit > 500) {
            throw CliFailure.usage("--limit must be between 0 and 500 (got " + limit + ")");
        }
        LmdeckHttp http = connection.connect(context);
        long lastId = 0;
        if (limit > 0) {
            List<JsonNode> recent = new ArrayList<>();
            ActivityCommand.fetch(context, http, limit, null, null, null).path("items").forEach(recent::add);
            for (int i = recent.size() - 1; i >= 0; i--) {
                print(recent.get(i));
                lastId = Math.max(lastId, recent.get(i).path("id").asLong());
            }
        } else if (follow) {
            JsonNode newest = ActivityCommand.fetch(context, http, 1, null, null, null).path("items");
            lastId = newest.size() > 0 ? newest.get(0).path("id").asLong() : 0;
        }
        if (!follow) {
            return ExitCode.OK;
        }
        return follow(http, lastId);
    }

    private int follow(LmdeckHttp http, long lastId) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        try (Interrupts.Registration ctrlC = context.interrupts().onInterrupt(() -> stop.set(true));
             EventStream events = http.events(lastId > 0 ? Long.toString(lastId) : null)) {
            if (!json) {
                context.err().println("Following lmdeck's events at " + http.base() + " (Ctrl-C to stop)…");
            }
            long printed = lastId;
            while (!stop.get()) {
                Optional<EventStream.Event> next;
                try {
                    next = events.next(POLL_MILLIS);
                } catch (EventStream.StreamEnded e) {
                    throw CliFailure.unreachable("the lmdeck server at " + http.base() + " closed the event stream"
                            + " (was it stopped?)");
                }
                if (next.isEmpty() || "snapshot".equals(next.get().name())) {
                    continue;
                }
                EventStream.Event event = next.get();
                if ("resync".equals(event.name())) {
                    // We fell behind and the server dropped what it had queued for us: take it from the log.
                    printed = printLoggedAfter(http, printed);
                    continue;
                }
                long id = event.data().path("id").asLong(parseId(event.id()));
                if (id > 0 && id <= printed) {
                    continue;
                }
                printed = Math.max(printed, id);
                print(event.data());
            }
        }
        return ExitCode.OK;
    }

    /** Prints the logged events newer than {@code after}, oldest first; returns the newest id printed. */
    private long printLoggedAfter(LmdeckHttp http, long after) {
        List<JsonNode> missed = new ArrayList<>();
        for (JsonNode item : ActivityCommand.fetch(context, http, 500, null, null, null).path("items")) {
            if (item.path("id").asLong() > after) {
                missed.add(item);
            }
        }
        long newest = after;
        for (int i = missed.size() - 1; i >= 0; i--) {
            print(missed.get(i));
            newest = Math.max(newest, missed.get(i).path("id").asLong());
        }
        return newest;
    }

    private void print(JsonNode event) {
        PrintStream out = context.out();
        if (json) {
            out.println(JsonOutput.line(event));
            return;
        }
        if ("model_loading_progress".equals(event.path("type").asText()) && !newProgressStep(event)) {
            return;
        }
        out.println(EventLine.of(event, context.clock().instant(), context.clock().getZone()));
    }

    /**
     * A progress event at a 10 % step not printed yet for its load. 0 % says nothing the "Loading …" line before it
     * did not, and 100 % nothing the "Model Ready" line after it will (as {@code load} prints them: 10 % to 90 %).
     */
    private boolean newProgressStep(JsonNode event) {
        JsonNode progress = event.path("details").path("progress");
        if (!progress.isNumber()) {
            return true;
        }
        int step = (int) Math.floor(progress.asDouble() * 10 + 1e-9);
        if (step < 1 || step > 9) {
            return false;
        }
        String operation = event.path("operation_id").asText("");
        Integer shown = progressShown.get(operation);
        if (shown != null && step <= shown) {
            return false;
        }
        progressShown.put(operation, step);
        return true;
    }

    private static long parseId(String id) {
        try {
            return id == null ? 0 : Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
