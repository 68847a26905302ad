package io.lmdeck.server;

import io.lmdeck.activity.ActivityLoadHistory;
import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityLogs;
import io.lmdeck.activity.ActivityOwnershipHistory;
import io.lmdeck.activity.ActivityStoreOptions;
import io.lmdeck.events.EventJournal;
import io.lmdeck.events.EventPublisher;
import io.lmdeck.gateway.Forwarder;
import io.lmdeck.http.HttpApi;
import io.lmdeck.http.HttpSettings;
import io.lmdeck.lifecycle.HostMemory;
import io.lmdeck.lifecycle.LifecycleSettings;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.lmdeck.lifecycle.ModelLifecycles;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.presets.JdbcPresetStore;
import io.lmdeck.presets.Presets;
import io.lmdeck.upstream.LmStudioChatUpstream;
import io.lmdeck.upstream.LmStudioUpstream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole lmdeck server, wired: activity log (SQLite or PostgreSQL), event journal, optionally the bundled
 * LM Studio simulator, the LM Studio client and lifecycle, and the HTTP API with the web UI.
 *
 * <pre>
 * try (LmdeckServer server = LmdeckServer.start(options)) {
 *     System.out.println("Open " + server.url());
 * }
 * </pre>
 */
public final class LmdeckServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LmdeckServer.class);

    private final Deque<AutoCloseable> resources;
    private final HttpApi api;
    private final URI lmstudioUrl;
    private final LmStudioSimulator simulator;
    private final EventJournal journal;

    private LmdeckServer(Deque<AutoCloseable> resources, HttpApi api, URI lmstudioUrl, LmStudioSimulator simulator,
                         EventJournal journal) {
        this.resources = resources;
        this.journal = journal;
        this.api = api;
        this.lmstudioUrl = lmstudioUrl;
        this.simulator = simulator;
    }

    /**
     * Starts everything {@code options} asks for and returns once the HTTP API listens.
     *
     * @throws IllegalArgumentException a non-loopback bind without a token (nothing is started)
     * @throws io.lmdeck.activity.ActivityStoreException the activity log cannot be opened (one-line message)
     */
    public static LmdeckServer start(ServerOptions options) {
        return start(options, ServerTuning.DEFAULTS);
    }

    /** As {@link #start(ServerOptions)}, with test timings. */
    public static LmdeckServer start(ServerOptions options, ServerTuning tuning) {
        Objects.requireNonNull(options, "options");
        HttpSettings http = new HttpSettings(options.bind() == null ? "127.0.0.1" : options.bind(), options.port(),
                options.token(), options.allowedHosts(), tuning.heartbeat(), tuning.sseClientBuffer(), tuning.chatMaxWait(),
                options.gatewayWait());
        HttpApi.checkBind(http); // before anything is opened or started
        ListenPort.requireFree(http.bind(), http.port());
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            ActivityStoreOptions storeOptions = new ActivityStoreOptions(
                    options.dataDir(), options.dbUrl(), options.dbUser(), options.dbPassword(), options.retention());
            ActivityLog activity = remember(opened, ActivityLogs.open(storeOptions));
            EventJournal journal = remember(opened, new EventJournal(activity));
            journal.start();

            LmStudioSimulator simulator = null;
            URI lmstudioUrl = options.lmstudioUrl() == null ? URI.create("http://localhost:1234") : options.lmstudioUrl();
            if (options.simulator()) {
                simulator = remember(opened, LmStudioSimulator.builder().host("127.0.0.1").port(0).build().start());
                lmstudioUrl = URI.create(simulator.baseUrl());
                LOG.info("Bundled LM Studio simulator listening on {}", lmstudioUrl);
            }
            String lmstudioToken = options.simulator() ? null : options.lmstudioToken();
            LmStudioUpstream upstream = remember(opened, LmStudioUpstream.connect(lmstudioUrl, lmstudioToken));
            LmStudioChatUpstream chat = remember(opened, LmStudioChatUpstream.connect(lmstudioUrl, lmstudioToken));

            LifecycleSettings lifecycleSettings = LifecycleSettings.defaults(lmstudioUrl);
            if (simulator != null) {
                // The simulator's memory is its budget, not this machine's RAM (which its loads never use up).
                lifecycleSettings = lifecycleSettings.withHostMemory(
                        HostMemory.ofCapacity(simulator.control().engine().settings().memoryBudgetBytes()));
            }
            if (tuning.lifecyclePollInterval() != null) {
                lifecycleSettings = lifecycleSettings.withPollInterval(tuning.lifecyclePollInterval());
            }
            if (tuning.lifecycleStallLimit() != null) {
                lifecycleSettings = lifecycleSettings.withStallLimit(tuning.lifecycleStallLimit());
            }
            // Presets resolve names against the lifecycle's catalogue, and the lifecycle's gateway loads use presets.
            AtomicReference<ModelLifecycle> started = new AtomicReference<>();
            Presets presets = new Presets(new JdbcPresetStore(ActivityLogs.dataSource(activity), Clock.systemUTC()),
                    options.config(), () -> started.get().catalog());
            ModelLifecycle lifecycle = remember(opened, ModelLifecycles.start(upstream, journal,
                    new ActivityLoadHistory(activity), new ActivityOwnershipHistory(activity), Clock.systemUTC(),
                    lifecycleSettings, presets));
            started.set(lifecycle);
            HttpApi api = remember(opened, HttpApi.start(http, lifecycle, journal, activity, chat, presets,
                    new Forwarder(Forwarder.defaultClient(), lmstudioUrl, lmstudioToken)));
            return new LmdeckServer(opened, api, lmstudioUrl, simulator, journal);
        } catch (RuntimeException | Error e) {
            closeAll(opened);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T remember(Deque<AutoCloseable> opened, T resource) {
        opened.push(resource);
        return resource;
    }

    /** Where to open lmdeck, e.g. {@code http://127.0.0.1:8765}. */
    public URI url() {
        return api.url();
    }

    public int port() {
        return api.port();
    }

    /** The LM Studio lmdeck talks to (the bundled simulator's URL with {@code simulator}). */
    public URI lmstudioUrl() {
        return lmstudioUrl;
    }

    /** The bundled simulator when started with {@code simulator}, else null. */
    public LmStudioSimulator simulator() {
        return simulator;
    }

    /** The event journal, for tests that need many events fast (benchmarks, slow-client tests). */
    EventPublisher events() {
        return journal;
    }

    /** Stops the HTTP API, the lifecycle (models stay loaded in LM Studio), the simulator, the journal and the log. */
    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Error while closing {}: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
