package io.lmdeck.lmstudio.sim;

import io.lmdeck.lmstudio.sim.catalog.ModelCatalog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lmdeck sim}: runs the LM Studio simulator alone until killed. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run the LM Studio simulator (REST v0/v1, OpenAI-compatible API, SDK websocket) until killed.")
public final class SimCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "1234", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "JSON catalogue of downloaded models ({\"models\":[...]}); default: built-in demo catalogue.")
    Path catalog;

    @Option(names = "--load-seconds-per-gb", defaultValue = "1.0",
            description = "Simulated load time per GB of model (default: ${DEFAULT-VALUE}).")
    double loadSecondsPerGb;

    @Option(names = "--token", description = "Require this LM Studio API token (sk-lm-XXXXXXXX:YYYYYYYYYYYYYYYYYYYY).")
    String token;

    @Option(names = "--jit", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Just-in-time loading on inference requests (default: on).")
    boolean jit;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--memory-gb", defaultValue = "24", description = "Simulated memory budget in GB (default: ${DEFAULT-VALUE}).")
    double memoryGb;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        LmStudioSimulator sim;
        try {
            SimulatorBuilder builder = LmStudioSimulator.builder().host(bind).port(port)
                    .loadSecondsPerGb(loadSecondsPerGb).token(token).jit(jit).seed(seed)
                    .memoryBudgetBytes((long) (memoryGb * (1L << 30)));
            if (catalog != null) builder.catalog(ModelCatalog.fromFile(catalog));
            sim = builder.build();
            sim.start();
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("lmdeck sim: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println("LM Studio simulator listening on " + sim.baseUrl()
                + " (" + sim.catalog().models().size() + " models, JIT " + (jit ? "on" : "off")
                + (token != null ? ", auth on" : "") + "). Press Ctrl-C to stop.");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimCommand()).execute(args));
    }
}
