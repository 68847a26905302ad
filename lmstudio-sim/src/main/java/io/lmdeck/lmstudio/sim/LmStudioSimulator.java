package io.lmdeck.lmstudio.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.lmdeck.lmstudio.sim.catalog.ModelCatalog;
import io.lmdeck.lmstudio.sim.control.ControlRoutes;
import io.lmdeck.lmstudio.sim.control.Listener;
import io.lmdeck.lmstudio.sim.control.SimulatorControl;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import io.lmdeck.lmstudio.sim.engine.SimSettings;
import io.lmdeck.lmstudio.sim.rest.Responses;
import io.lmdeck.lmstudio.sim.rest.RestApi;
import io.lmdeck.lmstudio.sim.websocket.SdkEndpoints;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embeddable LM Studio simulator: REST v0/v1, OpenAI-compatible routes and the SDK websocket protocol on one
 * port, plus test controls ({@link #control()} in-process, {@code /_sim/...} over HTTP).
 *
 * <pre>
 * try (LmStudioSimulator sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.01).build().start()) {
 *     String url = sim.baseUrl();   // http://127.0.0.1:PORT
 *     sim.control().injectFailure("qwen/qwen3-8b", FailureMode.ENGINE_CRASH);
 * }
 * </pre>
 */
public final class LmStudioSimulator implements AutoCloseable {
    private final SimulatorConfig config;
    private final ModelEngine engine;
    /** LM Studio reads request bodies of many megabytes (base64 images) as one string field: no 20 MB cap here. */
    private final ObjectMapper mapper = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(64 * 1024 * 1024).build())
            .build());
    private final ExecutorService blockingWork;
    private final ScheduledExecutorService scheduler;
    private final JavalinListener listener;
    private final SimulatorControl control;
    /** HTTP requests to LM Studio's own routes (not {@code /_sim/...}): lets tests prove a read never reached LM Studio. */
    private final AtomicLong requests = new AtomicLong();

    LmStudioSimulator(SimulatorConfig config) {
        this.config = config;
        this.engine = new ModelEngine(config.catalog(),
                new SimSettings(config.loadSecondsPerGb(), config.jit(), config.memoryBudgetBytes()),
                config.clock(), config.seed());
        engine.settings().tokenDelayMillis(config.tokenDelayMillis());
        this.blockingWork = Executors.newCachedThreadPool(daemon("lmstudio-sim-work"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("lmstudio-sim-control"));
        this.listener = new JavalinListener(config.port());
        this.control = new SimulatorControl(engine, listener, scheduler);
    }

    public static SimulatorBuilder builder() {
        return new SimulatorBuilder();
    }

    /** Starts listening; with port 0 a free port is chosen (see {@link #port()}). Returns this. */
    public LmStudioSimulator start() {
        try {
            listener.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The port it listens on (stays the same across offline/online). */
    public int port() {
        return listener.port;
    }

    /** {@code http://HOST:PORT}, no trailing slash. */
    public String baseUrl() {
        return "http://" + urlHost() + ":" + port();
    }

    /** {@code ws://HOST:PORT}: the SDK's base URL; namespaces are {@code /llm}, {@code /embedding}, {@code /system}. */
    public String websocketUrl() {
        return "ws://" + urlHost() + ":" + port();
    }

    public SimulatorControl control() {
        return control;
    }

    public ModelCatalog catalog() {
        return engine.catalog();
    }

    /** HTTP requests received on LM Studio's routes since start (websocket messages and {@code /_sim/...} excluded). */
    public long requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        engine.close();
        listener.stop();
        scheduler.shutdownNow();
        blockingWork.shutdownNow();
    }

    private String urlHost() {
        String host = config.host();
        if ("0.0.0.0".equals(host)) return "127.0.0.1";
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private Javalin createApp() {
        Responses responses = new Responses(mapper);
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            // LM Studio takes large bodies (images in messages); Javalin's default would refuse them over 1 MB.
            cfg.http.maxRequestSize = 64L * 1024 * 1024;
            // Blocking REST loads hold request threads; going offline must not wait long for them.
            QueuedThreadPool threads = new QueuedThreadPool(250, 4, 60_000);
            threads.setName("lmstudio-sim-http");
            threads.setStopTimeout(500);
            cfg.jetty.threadPool = threads;
            cfg.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.UNSAFE));
            cfg.jetty.modifyServletContextHandler(h -> h.getServletHandler().setDecodeAmbiguousURIs(true));
            cfg.routes.before(ctx -> {
                if (!ctx.path().startsWith("/_sim/")) {
                    requests.incrementAndGet();
                    engine.settings().awaitResponseDelay();
                }
            });
            new RestApi(engine, responses, config.token(), config.seed()).register(cfg.routes);
            new SdkEndpoints(engine, mapper, config.token(), blockingWork).register(cfg.routes);
            new ControlRoutes(control, responses, scheduler).register(cfg.routes);
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Owns the Javalin server; a stopped server cannot restart, so each start builds a fresh one. */
    private final class JavalinListener implements Listener {
        private Javalin app;
        private volatile int port;

        JavalinListener(int port) {
            this.port = port;
        }

        @Override
        public synchronized void start() {
            if (app != null) return;
            Javalin fresh = createApp();
            fresh.start(config.host(), port);
            port = fresh.port();
            app = fresh;
        }

        @Override
        public synchronized void stop() {
            if (app == null) return;
            app.stop();
            app = null;
        }

        @Override
        public synchronized boolean running() {
            return app != null;
        }
    }
}
