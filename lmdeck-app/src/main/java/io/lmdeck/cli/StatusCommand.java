package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lmdeck status}: everything about LM Studio on one screen. Exits 3 when LM Studio is offline. */
@Command(name = "status",
        description = {"Show LM Studio's state: online, version, active model, loaded, memory, last error.",
            "Exits 3 when LM Studio is offline."})
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Option(names = "--json", description = "Print the server's JSON (GET /api/models/lmstudio/status).")
    boolean json;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LmdeckHttp http = connection.connect(context);
        JsonNode answer = http.get(Api.STATUS);
        JsonNode status = answer.path("lmstudio");
        boolean online = status.path("online").asBoolean(false);
        if (json) {
            context.out().println(JsonOutput.pretty(answer));
        } else {
            print(status, http.base().toString());
        }
        return online ? ExitCode.OK : ExitCode.UNREACHABLE;
    }

    private void print(JsonNode status, String server) {
        Instant now = context.clock().instant();
        ZoneId zone = context.clock().getZone();
        boolean online = status.path("online").asBoolean(false);
        List<String[]> rows = new ArrayList<>();
        String baseUrl = Api.text(status, "base_url");
        if (online) {
            String version = Api.text(status, "version");
            String transport = Api.text(status, "transport");
            rows.add(new String[] {"LM Studio", "online" + (baseUrl == null ? "" : " at " + baseUrl)
                    + (version == null ? "" : ", version " + version)
                    + (transport == null ? "" : ", via " + transport)});
        } else if (Api.text(status, "checked_at") == null) {
            rows.add(new String[] {"LM Studio", "not checked yet (lmdeck has just started)"
                    + (baseUrl == null ? "" : ", looking at " + baseUrl)});
        } else {
            rows.add(new String[] {"LM Studio", "OFFLINE" + (baseUrl == null ? "" : " (" + baseUrl + ")")
                    + " — start LM Studio (or: lms server start), or run ./lmdeck serve --simulator"});
        }
        rows.add(new String[] {"State", status.path("status").asText("unknown")});
        JsonNode active = status.path("active_model");
        rows.add(new String[] {"Active model", active.isObject()
                ? active.path("model_id").asText() + describe(active) : "none (./lmdeck load MODEL picks one)"});
        JsonNode loaded = status.path("loaded");
        if (loaded.size() == 0) {
            rows.add(new String[] {"Loaded", "nothing"});
        }
        for (int i = 0; i < loaded.size(); i++) {
            JsonNode instance = loaded.get(i);
            JsonNode memory = instance.path("memory_bytes");
            rows.add(new String[] {i == 0 ? "Loaded" : "", instance.path("instance_id").asText()
                    + (memory.isNumber() ? ", " + Human.bytes(memory.asLong()) + " file" : "")
                    + ", by " + instance.path("loaded_by").asText("?")});
        }
        JsonNode loading = status.path("loading");
        if (loading.isObject()) {
            JsonNode progress = loading.path("progress");
            JsonNode eta = loading.path("eta_seconds");
            rows.add(new String[] {"Loading", loading.path("model_id").asText()
                    + (progress.isNumber() ? " " + Human.percent(progress.asDouble()) : "…")
                    + (eta.isNumber() ? ", ETA " + Human.duration(java.time.Duration.ofMillis((long) (eta.asDouble() * 1000))) : "")
                    + " (operation " + loading.path("operation_id").asText() + ")"});
        }
        rows.add(new String[] {"Memory", memory(status.path("memory"))});
        JsonNode error = status.path("last_error");
        if (error.isObject()) {
            Instant at = Human.instant(Api.text(error, "at"));
            rows.add(new String[] {"Last error", error.path("message").asText()
                    + (at == null ? "" : " (" + Human.ago(at, now) + ")")});
        } else {
            rows.add(new String[] {"Last error", "none"});
        }
        Instant checked = Human.instant(Api.text(status, "checked_at"));
        rows.add(new String[] {"Checked", (checked == null ? "never" : Human.time(checked, now, zone))
                + ", through lmdeck at " + server});
        PrintStream out = context.out();
        for (String[] row : rows) {
            out.println(String.format("%-13s%s", row[0], row[1]).stripTrailing());
        }
    }

    private static String describe(JsonNode model) {
        String name = Api.nameOf(model);
        String state = model.path("state").asText("");
        return (name.equals(model.path("model_id").asText()) ? "" : " (" + name + ")")
                + (state.isEmpty() ? "" : ", " + state.replace('_', ' '));
    }

    /**
     * What lmdeck knows of memory, saying which figures are estimates: the loaded models' share is their file sizes
     * (as the models and ps SIZE columns), the next load's is LM Studio's estimate; the host's are measured.
     */
    private static String memory(JsonNode memory) {
        List<String> parts = new ArrayList<>();
        long loaded = memory.path("loaded_bytes").asLong(0);
        parts.add(loaded == 0 ? "nothing loaded" : "~" + Human.bytes(loaded) + " for the loaded models (their file sizes)");
        if (memory.path("estimated_bytes").isNumber()) {
            parts.add("~" + Human.bytes(memory.path("estimated_bytes").asLong()) + " for the next load (LM Studio's estimate)");
        }
        if (memory.path("host_total_bytes").isNumber()) {
            String total = Human.bytes(memory.path("host_total_bytes").asLong());
            parts.add(memory.path("host_available_bytes").isNumber()
                    ? "host " + Human.bytes(memory.path("host_available_bytes").asLong()) + " free of " + total
                    : "host " + total);
        }
        return String.join(", ", parts);
    }
}
