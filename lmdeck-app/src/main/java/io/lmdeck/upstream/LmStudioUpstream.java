package io.lmdeck.upstream;

import io.lmdeck.lifecycle.GpuOffload;
import io.lmdeck.lifecycle.LmStudioPort;
import io.lmdeck.lifecycle.LmStudioPortException;
import io.lmdeck.lmstudio.client.LmStudioClient;
import io.lmdeck.lmstudio.client.LoadProgressListener;
import io.lmdeck.lmstudio.client.LoadTransport;
import io.lmdeck.lmstudio.client.model.LoadConfig;
import io.lmdeck.lmstudio.client.model.LoadRequest;
import io.lmdeck.lmstudio.client.model.MemoryEstimate;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;

/**
 * The lifecycle's {@link LmStudioPort} over {@code lmstudio-client}: the client's blocking calls run on this
 * adapter's own threads, so the lifecycle owner never waits for LM Studio. Loads use the SDK websocket when
 * LM Studio offers it (real progress, cancel), else REST v1 (no progress, not cancellable upstream).
 */
public final class LmStudioUpstream implements LmStudioPort, AutoCloseable {
    /** The lifecycle owns stall detection (and reconciles after it); the client's own limits only catch the hopeless. */
    private static final Duration CLIENT_STALL_BACKSTOP = Duration.ofMinutes(30);
    /** How long a failed (e.g. cancelled) load waits for LM Studio to stop working on it before it counts as over. */
    private static final Duration UPSTREAM_STOP_WAIT = Duration.ofSeconds(10);

    private final LmStudioClient client;
    private final ExecutorService calls;
    private volatile boolean probeNeeded = true;

    private LmStudioUpstream(LmStudioClient client) {
        this.client = client;
        AtomicInteger count = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lmdeck-upstream-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects to LM Studio at {@code baseUrl}; {@code token} is LM Studio's API token, or null when auth is off. */
    public static LmStudioUpstream connect(URI baseUrl, String token) {
        return over(LmStudioClient.builder()
                .baseUrl(baseUrl)
                .apiToken(token)
                .stallTimeout(CLIENT_STALL_BACKSTOP)
                .restLoadTimeout(CLIENT_STALL_BACKSTOP)
                .build());
    }

    /** Uses an already configured client; {@link #close()} closes it. */
    public static LmStudioUpstream over(LmStudioClient client) {
        return new LmStudioUpstream(Objects.requireNonNull(client, "client"));
    }

    @Override
    public CompletableFuture<Observation> observe() {
        return async(() -> {
            io.lmdeck.lmstudio.client.ServerInfo server = server();
            try {
                List<Model> models = client.listModels().stream().map(UpstreamMapping::model).toList();
                return new Observation(new ServerInfo(server.version(), transport(server)), models);
            } catch (RuntimeException e) {
                probeNeeded = true;
                throw e;
            }
        });
    }

    @Override
    public LoadHandle startLoad(LoadSpec spec, DoubleConsumer onProgress) {
        LoadRequest.Builder request = LoadRequest.builder(spec.modelId())
                .contextLength(spec.contextLength())
                .gpuOffload(gpuOffload(spec.gpuOffload()));
        if (spec.ttlSeconds() != null) {
            request.ttl(Duration.ofSeconds(spec.ttlSeconds()));
        }
        io.lmdeck.lmstudio.client.LoadHandle load = client.load(request.build(), new LoadProgressListener() {
            @Override
            public void onProgress(double fraction) {
                onProgress.accept(fraction);
            }
        });
        boolean websocket = load.transport() == LoadTransport.WEBSOCKET;
        CompletableFuture<Instance> result = load.result().handle((instance, error) -> {
            if (error != null) {
                throw UpstreamMapping.failure(error);
            }
            return UpstreamMapping.instance(instance, spec.modelId());
        }).exceptionallyCompose(failure -> load.upstreamDone().copy()
                // A cancelled load ends for the lifecycle once LM Studio has stopped it (bounded): the lifecycle
                // then starts the next load, and two must never run in LM Studio at once.
                .completeOnTimeout(null, UPSTREAM_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(stopped -> CompletableFuture.failedFuture(failure)));
        return new LoadHandle() {
            @Override
            public CompletableFuture<Instance> result() {
                return result;
            }

            @Override
            public boolean cancelSupported() {
                // A REST load keeps running in LM Studio after a "cancel": the lifecycle must keep its lane until it lands.
                return websocket;
            }

            @Override
            public boolean reportsProgress() {
                return websocket;
            }

            @Override
            public void cancel() {
                load.cancel();
            }
        };
    }

    @Override
    public CompletableFuture<Void> unload(String instanceId) {
        return async(() -> {
            client.unload(instanceId);
            return null;
        });
    }

    @Override
    public CompletableFuture<OptionalLong> estimateMemory(String modelId, io.lmdeck.lifecycle.ModelType type,
                                                         Integer contextLength) {
        return async(() -> client.estimate(modelId, LoadConfig.defaults().withContextLength(contextLength))
                .map(MemoryEstimate::totalBytes)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty()));
    }

    @Override
    public void close() {
        calls.shutdownNow();
        client.close();
    }

    /** Probes only when needed (first call, after a failure); the client keeps the answer meanwhile. */
    private io.lmdeck.lmstudio.client.ServerInfo server() {
        io.lmdeck.lmstudio.client.ServerInfo known = client.lastServerInfo().orElse(null);
        if (probeNeeded || known == null || !known.usable()) {
            known = client.probe();
            probeNeeded = !known.usable();
        }
        if (!known.usable()) {
            String detail = known.detail() != null ? known.detail() : "LM Studio is not reachable";
            throw new LmStudioPortException(LmStudioPortException.Reason.OFFLINE, detail);
        }
        return known;
    }

    private static String transport(io.lmdeck.lmstudio.client.ServerInfo server) {
        LoadTransport transport = server.loadTransport();
        if (transport == LoadTransport.WEBSOCKET) {
            return "websocket";
        }
        if (transport == LoadTransport.REST_V1) {
            return "rest_v1";
        }
        return transport == LoadTransport.REST_V0_ONLY ? "rest_v0" : null;
    }

    private static io.lmdeck.lmstudio.client.model.GpuOffload gpuOffload(GpuOffload offload) {
        if (offload == null) {
            return null;
        }
        return offload.max() ? io.lmdeck.lmstudio.client.model.GpuOffload.maximum()
                : io.lmdeck.lmstudio.client.model.GpuOffload.ratio(offload.ratio());
    }

    private <T> CompletableFuture<T> async(Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            calls.execute(() -> {
                try {
                    result.complete(call.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(UpstreamMapping.failure(e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            result.completeExceptionally(
                    new LmStudioPortException(LmStudioPortException.Reason.OFFLINE, "connection to LM Studio closed"));
        }
        return result;
    }
}
