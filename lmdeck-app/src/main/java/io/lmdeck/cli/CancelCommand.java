package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lmdeck cancel [OPERATION]}: cancels a queued or running load; by default the one running now. */
@Command(name = "cancel",
        description = "Cancel a load: OPERATION (an operation id), or by default the load running now.")
final class CancelCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    HelpOption help;

    @Mixin
    ServerConnection connection;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OPERATION", description = "The operation id to cancel.")
    String operation;

    CancelCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LmdeckHttp http = connection.connect(context);
        String id = operation;
        String model = null;
        if (id == null) {
            JsonNode loading = Api.status(http).path("loading");
            if (!loading.isObject()) {
                context.out().println("Nothing to cancel: no load is running.");
                return ExitCode.OK;
            }
            id = loading.path("operation_id").asText();
            model = Api.text(loading, "model_id");
        }
        JsonNode answer = http.post(Api.CANCEL, Map.of("operation_id", id)).body();
        if (model == null) {
            model = Api.text(answer, "model_id");
        }
        context.out().println("Cancelled the load" + (model == null ? "" : " of " + model) + " (operation " + id + ").");
        return ExitCode.OK;
    }
}
