package io.lmdeck.lmstudio.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.lmstudio.client.errors.InstanceNotFoundException;
import io.lmdeck.lmstudio.client.errors.InvalidApiKeyException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.ModelNotFoundException;
import io.lmdeck.lmstudio.client.errors.NotSupportedException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.errors.ProtocolException;
import io.lmdeck.lmstudio.client.model.ChatCompletion;
import io.lmdeck.lmstudio.client.model.ChatCompletionRequest;
import io.lmdeck.lmstudio.client.model.DownloadStatus;
import io.lmdeck.lmstudio.client.model.EmbeddingResult;
import io.lmdeck.lmstudio.client.model.LoadConfig;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import io.lmdeck.lmstudio.client.model.ModelUsageEstimate;
import io.lmdeck.lmstudio.client.openai.OpenAiApi;
import io.lmdeck.lmstudio.client.rest.HttpJson;
import io.lmdeck.lmstudio.client.rest.LmStudioRestApi;
import io.lmdeck.lmstudio.client.websocket.SdkApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The client: picks the transport the last probe found and keeps the probe fresh after connection failures. */
final class DefaultLmStudioClient implements LmStudioClient {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultLmStudioClient.class);

    private final ClientSettings settings;
    private final LmStudioRestApi rest;
    private final OpenAiApi openAi;
    private final SdkApi sdk;
    private final CapabilityProbe prober;
    private final CatalogReader catalog;
    private final ExecutorService completions;
    private final ScheduledExecutorService timers;
    private final Set<DefaultModelLoad> running = ConcurrentHashMap.newKeySet();
    private volatile ServerInfo last;

    DefaultLmStudioClient(ClientSettings settings) {
        this.settings = settings;
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        HttpJson http = new HttpJson(settings.baseUrl(), settings.apiToken(), settings.connectTimeout(),
                settings.requestTimeout(), settings.readRetries(), settings.retryBackoff(), json);
        this.completions = Executors.newCachedThreadPool(daemon("lmstudio-client"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("lmstudio-client-timer"));
        this.rest = new LmStudioRestApi(http);
        this.openAi = new OpenAiApi(http, settings.restLoadTimeout());
        this.sdk = new SdkApi(settings.baseUrl(), settings.apiToken(), http.client(), json, settings.connectTimeout(),
                settings.requestTimeout(), completions);
        this.prober = new CapabilityProbe(settings, http, sdk, Clock.systemUTC());
        this.catalog = new CatalogReader(rest, sdk);
    }

    @Override
    public ServerInfo probe() {
        ServerInfo info = prober.probe();
        if (!info.online()) {
            sdk.disconnectAll();
        }
        last = info;
        return info;
    }

    @Override
    public Optional<ServerInfo> lastServerInfo() {
        return Optional.ofNullable(last);
    }

    @Override
    public List<ModelInfo> listModels() {
        return guarded(() -> catalog.models(usableServer()));
    }

    @Override
    public List<LoadedInstance> listLoaded() {
        return guarded(() -> catalog.loaded(usableServer()));
    }

    @Override
    public ModelLoad load(ModelLoadRequest request, LoadProgressListener listener) {
        ServerInfo info;
        ModelDomain type;
        try {
            info = guarded(this::usableServer);
            if (info.loadTransport() == LoadTransport.REST_V0_ONLY || info.loadTransport() == LoadTransport.NONE) {
                throw new NotSupportedException("LM Studio at " + settings.baseUrl()
                        + " cannot load models on request (needs LM Studio 0.4.0+ for REST loads, or the SDK websocket)");
            }
            // The websocket needs the domain (/llm or /embedding): the caller's, else looked up (an unknown key goes to
            // /llm, where LM Studio says it is unknown).
            type = request.domain() != null || info.loadTransport() != LoadTransport.WEBSOCKET ? request.domain()
                    : guarded(() -> catalog.typeForWebsocket(request.modelKey()));
        } catch (LmStudioException e) {
            DefaultModelLoad failed = operation(request, LoadTransport.NONE, listener);
            failed.failed(e);
            return failed;
        }
        DefaultModelLoad op = operation(request, info.loadTransport(), listener);
        running.add(op);
        op.result().whenComplete((r, e) -> running.remove(op));
        op.started();
        if (info.loadTransport() == LoadTransport.WEBSOCKET) {
            sdk.loadModel(request, type, op).whenComplete((channel, failure) -> {
                if (failure != null) {
                    op.failed(Await.failure(failure));
                } else {
                    op.attach(channel);
                }
            });
        } else {
            List<String> dropped = restIgnored(request);
            if (!dropped.isEmpty()) {
                String message = "REST v1 load cannot carry " + String.join(", ", dropped) + "; loading without them";
                LOG.warn("{}: {}", request.modelKey(), message);
                op.warn(message);
            }
            op.follow(rest.v1Load(request, settings.restLoadTimeout()));
        }
        op.result().whenComplete((r, e) -> forgetServerOn(e));
        return op;
    }

    private DefaultModelLoad operation(ModelLoadRequest request, LoadTransport transport, LoadProgressListener listener) {
        return new DefaultModelLoad(request.modelKey(), transport, listener, settings.stallTimeout(), timers, completions,
                e -> catalog.withCloseMatches(e, this::usableServer));
    }

    private static List<String> restIgnored(ModelLoadRequest request) {
        List<String> out = new ArrayList<>();
        if (request.identifier() != null) {
            out.add("identifier");
        }
        if (request.ttl() != null) {
            out.add("ttl");
        }
        if (request.config().gpuOffload() != null) {
            out.add("gpu offload");
        }
        if (request.config().parallel() != null) {
            out.add("parallel");
        }
        return out;
    }

    @Override
    public void unload(String instanceId) {
        guarded(() -> {
            ServerInfo info = usableServer();
            if (info.has(Capability.REST_V1)) {
                rest.v1Unload(instanceId, settings.requestTimeout());
                return null;
            }
            if (!info.has(Capability.WEBSOCKET)) {
                throw new NotSupportedException("LM Studio at " + settings.baseUrl() + " cannot unload models on request");
            }
            LoadedInstance instance = catalog.wsLoaded().stream().filter(i -> i.instanceId().equals(instanceId)).findFirst()
                    .orElseThrow(() -> new InstanceNotFoundException(instanceId,
                            "No loaded instance is called " + instanceId, 0));
            Await.result(sdk.unloadModel(instance.type(), instanceId));
            return null;
        });
    }

    @Override
    public Optional<ModelUsageEstimate> estimate(String modelKey, ModelDomain domain, LoadConfig config) {
        return guarded(() -> {
            ServerInfo info = usableServer();
            if (!info.has(Capability.WEBSOCKET)) {
                return Optional.empty();
            }
            ModelDomain type = domain != null ? domain : catalog.downloadedOnWebsocket(modelKey).type();
            try {
                return Optional.of(Await.result(sdk.estimateModelUsage(modelKey, type,
                        config == null ? LoadConfig.defaults() : config)));
            } catch (ModelNotFoundException e) {
                throw catalog.withCloseMatches(e, this::usableServer);
            }
        });
    }

    @Override
    public ChatCompletionStream streamChat(ChatCompletionRequest request, ChatListener listener) {
        return openAi.stream(request, listener);
    }

    @Override
    public ChatCompletion chat(ChatCompletionRequest request) {
        return guarded(() -> openAi.chat(request));
    }

    @Override
    public EmbeddingResult embed(String model, List<String> inputs) {
        return guarded(() -> openAi.embed(model, inputs));
    }

    @Override
    public List<String> openAiModels() {
        return guarded(openAi::models);
    }

    @Override
    public DownloadStatus download(String model, String quantization) {
        return guarded(() -> {
            requireRestV1();
            return rest.v1Download(model, quantization, settings.requestTimeout());
        });
    }

    @Override
    public DownloadStatus downloadStatus(String jobId) {
        return guarded(() -> {
            requireRestV1();
            return rest.v1DownloadStatus(jobId);
        });
    }

    private void requireRestV1() {
        if (!usableServer().has(Capability.REST_V1)) {
            throw new NotSupportedException("downloads need LM Studio's REST v1 (0.4.0+)");
        }
    }

    @Override
    public void close() {
        running.forEach(DefaultModelLoad::cancel);
        sdk.close();
        timers.shutdownNow();
        completions.shutdown();
    }

    /** The last probe if it found a usable server, else a fresh probe; throws when the server is not usable. */
    private ServerInfo usableServer() {
        ServerInfo info = last;
        if (info == null || !info.usable()) {
            info = probe();
        }
        if (!info.online()) {
            throw new OfflineException(info.detail() != null ? info.detail() : "LM Studio is offline", null);
        }
        if (info.problem() != null) {
            if (info.has(Capability.AUTH_REQUIRED)) {
                throw new InvalidApiKeyException(info.detail(), 401);
            }
            throw new ProtocolException(info.detail(), 0, null);
        }
        return info;
    }

    /** Runs a call; a connection failure makes the next call probe again (LM Studio may have restarted or gone). */
    private <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (LmStudioException e) {
            forgetServerOn(e);
            throw e;
        }
    }

    private void forgetServerOn(Throwable failure) {
        Throwable cause = failure == null ? null : HttpJson.unwrap(failure);
        if (cause instanceof OfflineException || cause instanceof InvalidApiKeyException) {
            last = null;
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
