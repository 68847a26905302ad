package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Starts a load with the event stream already open (so no event about it can be missed), then follows that one
 * operation's events, drawing progress, until it is ready, fails or the user presses Ctrl-C.
 */
final class LoadWatch {
    private static final long POLL_MILLIS = 200;
    private static final long SNAPSHOT_WAIT_MILLIS = 5_000;
    private static final long CANCEL_CONFIRM_MILLIS = 5_000;

    private final CliContext context;
    private final LmdeckHttp http;
    private final EventStream events;
    private final String key;
    private final String name;
    private final AtomicBoolean interrupted = new AtomicBoolean();

    LoadWatch(CliContext context, LmdeckHttp http, EventStream events, String key, String name) {
        this.context = context;
        this.http = http;
        this.events = events;
        this.key = key;
        this.name = name;
    }

    /** {@code start} posts the load (after the event stream is open) and returns the server's answer. */
    int run(Supplier<JsonNode> start) {
        PrintStream out = context.out();
        Thread watcher = Thread.currentThread();
        // First Ctrl-C: cancel the load. A second one: stop waiting for the server (it may be stuck).
        Runnable onCtrlC = () -> {
            if (!interrupted.compareAndSet(false, true)) {
                watcher.interrupt();
            }
        };
        try (Interrupts.Registration ctrlC = context.interrupts().onInterrupt(onCtrlC)) {
            JsonNode snapshot = awaitSnapshot();
            JsonNode answer = start.get();
            if ("loaded".equals(answer.path("state").asText())) {
                out.println(key + " is already loaded; it is now the active model.");
                return ExitCode.OK;
            }
            String operation = answer.path("operation_id").asText();
            out.println("Loading " + key + (name.equals(key) ? "" : " (" + name + ")") + "…");
            LoadProgress progress = new LoadProgress(out, context.terminal(), key, context.clock());
            JsonNode loading = snapshot == null ? null : snapshot.path("lmstudio").path("loading");
            if (loading != null && operation.equals(loading.path("operation_id").asText())) {
                progress.startedAt(Human.instant(Api.text(loading, "started_at")));
                progress.update(number(loading, "progress"), number(loading, "eta_seconds"));
            }
            return follow(operation, progress);
        } catch (InterruptedException e) {
            context.err().println("lmdeck: interrupted; the load may still be running (./lmdeck status shows it).");
            return ExitCode.FAILED;
        } finally {
            // A second Ctrl-C interrupted this thread on purpose; the command is over, so the flag is spent.
            Thread.interrupted();
        }
    }

    private JsonNode awaitSnapshot() throws InterruptedException {
        long deadline = System.nanoTime() + SNAPSHOT_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<EventStream.Event> event = next(POLL_MILLIS);
            if (event.isPresent() && "snapshot".equals(event.get().name())) {
                return event.get().data();
            }
        }
        return null;
    }

    private int follow(String operation, LoadProgress progress) throws InterruptedException {
        while (true) {
            if (interrupted.get()) {
                progress.finish();
                return cancel(operation);
            }
            Optional<EventStream.Event> next = next(POLL_MILLIS);
            if (next.isEmpty()) {
                progress.tick();
                continue;
            }
            EventStream.Event event = next.get();
            if ("lmstudio_offline".equals(event.type())) {
                progress.finish();
                throw CliFailure.unreachable(event.data().path("message").asText("LM Studio went offline")
                        + " — the load of " + key + " stopped; start LM Studio and run ./lmdeck load " + key + " again");
            }
            if ("snapshot".equals(event.name())) {
                // After a resync: we may have missed how the load ended.
                Integer ended = afterResync(operation, event.data(), progress);
                if (ended != null) {
                    return ended;
                }
                continue;
            }
            if (operation.equals(event.operationId())) {
                Integer ended = handle(event, progress);
                if (ended != null) {
                    return ended;
                }
            }
        }
    }

    /** One event of our operation: the exit code when it ends the load, null while it goes on. */
    private Integer handle(EventStream.Event event, LoadProgress progress) {
        JsonNode details = event.data().path("details");
        switch (event.type()) {
            case "model_loading_progress":
                progress.update(number(details, "progress"), number(details, "eta_seconds"));
                return null;
            case "model_loading_complete":
                progress.update(1.0, null);
                progress.finish();
                context.out().println("✓ " + key + " is ready, loaded in " + Human.duration(took(details, progress))
                        + ". It is now the active model.");
                return ExitCode.OK;
            case "model_loading_failed":
                progress.finish();
                throw CliFailure.failed(reason(event));
            case "model_loading_cancelled":
                progress.finish();
                String newer = Api.text(details, "superseded_by");
                throw CliFailure.failed("the load of " + key + " was cancelled" + (newer != null
                        ? ": " + newer + " was picked after it" : cause(event.data().path("cause").asText())));
            default:
                return null;
        }
    }

    /**
     * The server resynchronised us (we were too slow): the snapshot shows the load still running, or the
     * activity log tells how it ended.
     */
    private Integer afterResync(String operation, JsonNode snapshot, LoadProgress progress) {
        JsonNode loading = snapshot.path("lmstudio").path("loading");
        if (loading.isObject() && operation.equals(loading.path("operation_id").asText())) {
            progress.update(number(loading, "progress"), number(loading, "eta_seconds"));
            return null;
        }
        JsonNode items = http.get(Api.ACTIVITY + "?limit=50&model_id="
                + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)).path("items");
        for (JsonNode item : items) {
            EventStream.Event logged = new EventStream.Event(item.path("id").asText(), item.path("type").asText(), item);
            if (operation.equals(logged.operationId()) && !"model_loading_progress".equals(logged.type())) {
                Integer ended = handle(logged, progress);
                if (ended != null) {
                    return ended;
                }
            }
        }
        return null;
    }

    /** Ctrl-C: cancel the load on the server and wait (briefly) for it to confirm. */
    private int cancel(String operation) throws InterruptedException {
        context.err().println("Cancelling the load of " + key + "…");
        try {
            http.post(Api.CANCEL, Map.of("operation_id", operation));
        } catch (CliFailure e) {
            context.err().println("lmdeck: could not cancel: " + e.getMessage());
            return ExitCode.FAILED;
        }
        long deadline = System.nanoTime() + CANCEL_CONFIRM_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<EventStream.Event> event = next(POLL_MILLIS);
            if (event.isPresent() && operation.equals(event.get().operationId())) {
                String type = event.get().type();
                if (type.equals("model_loading_cancelled") || type.equals("model_loading_failed")) {
                    break;
                }
                if (type.equals("model_loading_complete")) {
                    context.err().println("lmdeck: " + key + " finished loading before the cancel reached it.");
                    return ExitCode.FAILED;
                }
            }
        }
        context.err().println("lmdeck: load cancelled.");
        return ExitCode.FAILED;
    }

    private Optional<EventStream.Event> next(long millis) throws InterruptedException {
        try {
            return events.next(millis);
        } catch (EventStream.StreamEnded e) {
            throw CliFailure.unreachable("lost the connection to the lmdeck server at " + http.base()
                    + " while loading " + key + "; the load may still be running (./lmdeck status shows it)");
        }
    }

    private static String reason(EventStream.Event event) {
        String message = event.data().path("message").asText("");
        String error = event.data().path("details").path("error").asText("");
        if (!message.isBlank()) {
            return message;
        }
        return error.isBlank() ? "the load failed" : error;
    }

    private static String cause(String cause) {
        switch (cause) {
            case "user":
                return " from the web UI";
            case "api":
                return " through the API";
            case "cli":
                return " from the CLI";
            case "chat":
                return " by a chat that needed another model";
            case "external":
                return " in LM Studio";
            default:
                return "";
        }
    }

    private static Duration took(JsonNode details, LoadProgress progress) {
        JsonNode millis = details.path("duration_ms");
        return millis.isNumber() ? Duration.ofMillis(millis.asLong()) : progress.elapsed();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble() : null;
    }
}
