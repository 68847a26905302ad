package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lmdeck requests}: the gateway's queued and running requests ({@code GET /api/requests}, contract section 6). */
@Command(name = "requests",
        description = "List the requests to lmdeck's OpenAI/Anthropic endpoints (/v1) that are queued or running.")
final class RequestsCommand implements Callable<Integer> {
    static final String PATH = "/api/requests";

    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Option(names = "--json", description = "Print the server's JSON ({\"requests\":[…]}).")
    boolean json;

    RequestsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode answer = read(connection.connect(context));
        PrintStream out = context.out();
        if (json) {
            out.println(JsonOutput.pretty(answer));
            return ExitCode.OK;
        }
        JsonNode requests = answer.path("requests");
        if (requests.size() == 0) {
            out.println("No gateway requests are queued or running.");
            return ExitCode.OK;
        }
        boolean severalHosts = hosts(requests).size() > 1;
        Instant now = context.clock().instant();
        TextTable table = new TextTable("ID", "MODEL", "STATE", "POSITION", "ENDPOINT", "WAITED/RUNNING", "CLIENT");
        for (JsonNode request : requests) {
            String model = request.path("model_id").asText("");
            String host = Api.text(request, "host");
            JsonNode position = request.path("position");
            table.row(request.path("id").asText(""),
                    severalHosts && host != null ? model + "@" + host : model,
                    request.path("state").asText(""),
                    position.isNumber() ? position.asText() : "-",
                    request.path("endpoint").asText(""),
                    time(request, now),
                    request.path("client").asText(""));
        }
        table.lines().forEach(out::println);
        return ExitCode.OK;
    }

    /** The list; a server without the gateway (older than this CLI) answers 404, which is said as such. */
    private static JsonNode read(LmdeckHttp http) {
        try {
            return http.get(PATH);
        } catch (CliFailure e) {
            if (e.httpStatus() == 404) {
                throw CliFailure.failed("this lmdeck server has no gateway request list (GET " + PATH
                        + " answered 404): it is older than this CLI");
            }
            throw e;
        }
    }

    /** How long a running request has run, or a waiting one has waited. */
    private static String time(JsonNode request, Instant now) {
        boolean running = "running".equals(request.path("state").asText());
        Instant since = Human.instant(Api.text(request, running ? "started_at" : "queued_at"));
        return since == null ? "" : (running ? "running " : "waited ") + Human.duration(Duration.between(since, now));
    }

    private static Set<String> hosts(JsonNode requests) {
        Set<String> hosts = new HashSet<>();
        requests.forEach(r -> hosts.add(r.path("host").asText("")));
        return hosts;
    }
}
