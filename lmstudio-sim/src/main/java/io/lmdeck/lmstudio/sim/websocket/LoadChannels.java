package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadError;
import io.lmdeck.lmstudio.sim.engine.LoadFailedException;
import io.lmdeck.lmstudio.sim.engine.LoadHandle;
import io.lmdeck.lmstudio.sim.engine.LoadListener;
import io.lmdeck.lmstudio.sim.engine.LoadSettings;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code loadModel} channel (resolved → progress* → success → channelClose, or channelError; cancel frees the
 * identifier) and the {@code getOrLoad} channel (alreadyLoaded, or startLoading → unloadingOtherJITModel* →
 * loadProgress* → loadSuccess).
 */
final class LoadChannels {
    private final ModelEngine engine;
    private final String domain;
    private final SdkPayloads payloads;
    private final ObjectMapper mapper;
    private final InferenceRouter router;
    private final Executor blockingWork;

    LoadChannels(ModelEngine engine, String domain, ObjectMapper mapper, SdkPayloads payloads, Executor blockingWork) {
        this.engine = engine;
        this.domain = domain;
        this.payloads = payloads;
        this.mapper = mapper;
        this.router = new InferenceRouter(engine);
        this.blockingWork = blockingWork;
    }

    void loadModel(JsonNode p, Channel channel) {
        CatalogModel model = resolve(p.path("modelKey").asText(""));
        String identifier = p.hasNonNull("identifier") ? p.get("identifier").asText() : null;
        Long ttlMs = p.path("ttlMs").canConvertToLong() && p.path("ttlMs").asLong() > 0 ? p.get("ttlMs").asLong() : null;
        LoadSettings settings = new LoadConfigStack(p.path("loadConfigStack")).toSettings(identifier, ttlMs);
        channel.send(channel.message("resolved").set("info", payloads.modelInfo(model)));
        LoadHandle handle;
        try {
            handle = engine.startLoad(model.key(), settings, false, new LoadListener() {
                @Override
                public void progress(double fraction) {
                    channel.send(channel.message("progress").put("progress", fraction));
                }
            });
        } catch (LoadFailedException e) {
            throw loadFailed(e);
        }
        channel.onCancel(handle::cancel);
        handle.result().whenComplete((instance, failure) -> {
            if (instance != null) {
                channel.send(channel.message("success").set("info", payloads.instanceInfo(model, instance)));
                channel.close();
            } else {
                channel.error(loadFailed(unwrap(failure)));
            }
        });
    }

    void getOrLoad(JsonNode p, Channel channel) {
        String identifier = p.path("identifier").asText("");
        Optional<Instance> loaded = engine.instances().stream()
                .filter(i -> i.identifier().equals(identifier) || i.modelKey().equals(identifier))
                .filter(i -> domain.equals(engine.model(i.modelKey()).type())).findFirst();
        if (loaded.isPresent()) {
            Instance i = loaded.get();
            channel.send(channel.message("alreadyLoaded").set("info", payloads.instanceInfo(engine.model(i.modelKey()), i)));
            channel.close();
            return;
        }
        CatalogModel model = resolve(identifier);
        Long ttlMs = p.path("loadTtlMs").canConvertToLong() && p.path("loadTtlMs").asLong() > 0
                ? p.get("loadTtlMs").asLong() : null;
        LoadSettings settings = new LoadConfigStack(p.path("loadConfigStack")).toSettings(null, ttlMs);
        ObjectNode start = channel.message("startLoading").put("identifier", model.key());
        channel.send(start.set("info", payloads.modelInfo(model)));
        AtomicReference<LoadHandle> handle = new AtomicReference<>();
        channel.onCancel(() -> {
            LoadHandle h = handle.get();
            if (h != null) h.cancel();
        });
        blockingWork.execute(() -> {
            try {
                Instance i = router.acquire(model.key(), settings, true, new LoadListener() {
                    @Override
                    public void started(LoadHandle h) {
                        handle.set(h);
                    }

                    @Override
                    public void evicting(Instance victim) {
                        channel.send(channel.message("unloadingOtherJITModel")
                                .set("info", payloads.instanceInfo(engine.model(victim.modelKey()), victim)));
                    }

                    @Override
                    public void progress(double fraction) {
                        channel.send(channel.message("loadProgress").put("progress", fraction));
                    }
                }).instance();
                channel.send(channel.message("loadSuccess").set("info", payloads.instanceInfo(model, i)));
                channel.close();
            } catch (LoadFailedException e) {
                channel.error(loadFailed(e));
            } catch (RuntimeException e) {
                channel.error(new SdkError("Failed to load model", e.getMessage(), null));
            }
        });
    }

    private CatalogModel resolve(String key) {
        CatalogModel model = engine.catalog().find(key).orElseThrow(() -> pathNotFound(engine, mapper, key));
        if (!domain.equals(model.type())) {
            ObjectNode data = mapper.createObjectNode().put("code", "generic.domainMismatch");
            data.put("path", key).put("actualDomain", model.type()).put("expectedDomain", domain);
            throw new SdkError("Model \"" + key + "\" is of type " + model.type() + ", expected " + domain, null, data);
        }
        return model;
    }

    static SdkError pathNotFound(ModelEngine engine, ObjectMapper mapper, String key) {
        ObjectNode data = mapper.createObjectNode().put("code", "generic.pathNotFound");
        data.put("path", key);
        ArrayNode sample = data.putArray("availablePathsSample");
        engine.catalog().models().stream().limit(10).forEach(m -> sample.add(m.key()));
        data.put("totalModels", engine.catalog().models().size());
        return new SdkError("Cannot find a model with path \"" + key + "\"", null, data);
    }

    private static SdkError loadFailed(LoadFailedException e) {
        switch (e.error()) {
            case CANCELLED:
                return new SdkError("Model loading was cancelled", e.getMessage(), null);
            case IDENTIFIER_IN_USE:
                return new SdkError(e.getMessage(), null, null);
            default:
                return new SdkError("Failed to load model", e.getMessage(), null).withRootTitle(e.getMessage());
        }
    }

    private static LoadFailedException unwrap(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof LoadFailedException ? (LoadFailedException) c
                : new LoadFailedException(LoadError.ENGINE_CRASH, "", String.valueOf(c));
    }
}
