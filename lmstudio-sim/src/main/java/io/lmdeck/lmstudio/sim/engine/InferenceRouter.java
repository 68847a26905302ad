package io.lmdeck.lmstudio.sim.engine;

import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Finds the instance an inference request talks to, loading it just in time when JIT is on: default idle TTL
 * 60 min (the request's {@code ttl} overrides), auto-evict of other JIT-loaded instances only.
 */
public final class InferenceRouter {
    /** The instance that answers, and the load time when this request loaded it (else null). */
    public record Target(Instance instance, Double loadTimeSeconds) {}

    private final ModelEngine engine;

    public InferenceRouter(ModelEngine engine) {
        this.engine = engine;
    }

    /** For HTTP inference: obeys the server's JIT setting. Blocks while a JIT load runs. */
    public Target acquire(String model, Long ttlSeconds, LoadListener listener) {
        Long ttlMs = ttlSeconds != null ? ttlSeconds * 1000 : engine.settings().jitDefaultTtl().toMillis();
        return acquire(model, LoadSettings.defaults().withTtlMs(ttlMs), engine.settings().jit(), listener);
    }

    /** Shared by HTTP and the SDK's getOrLoad (which always may load). */
    public Target acquire(String model, LoadSettings load, boolean mayLoad, LoadListener listener) {
        List<Instance> loaded = engine.instances();
        if (model == null || model.isBlank()) {
            if (loaded.isEmpty()) throw noModelsLoaded();
            return use(loaded.get(0));
        }
        for (Instance i : loaded) if (i.identifier().equals(model)) return use(i);
        for (Instance i : loaded) if (i.modelKey().equals(model)) return use(i);
        if (loaded.size() == 1 && engine.settings().singleModelAnswersAnyName()) return use(loaded.get(0));
        if (!mayLoad) {
            if (loaded.isEmpty()) throw noModelsLoaded();
            throw invalid(model, loaded.stream().map(Instance::identifier).collect(Collectors.toList()));
        }
        CatalogModel target = engine.catalog().find(model).orElseThrow(() -> invalid(model,
                engine.catalog().models().stream().map(CatalogModel::key).collect(Collectors.toList())));
        if (engine.settings().autoEvict()) {
            for (Instance i : loaded) {
                if (i.jit()) {
                    listener.evicting(i);
                    engine.unload(i.identifier());
                }
            }
        }
        LoadHandle handle = engine.startLoad(target.key(), load, true, listener);
        try {
            Instance instance = handle.result().get();
            return new Target(instance, instance.loadTimeSeconds());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LoadFailedException) throw (LoadFailedException) e.getCause();
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.cancel();
            throw new LoadFailedException(LoadError.SHUT_DOWN, target.key(), "The server is shutting down.");
        }
    }

    private Target use(Instance instance) {
        engine.touch(instance.identifier());
        return new Target(engine.instance(instance.identifier()).orElse(instance), null);
    }

    private static InferenceRefusedException noModelsLoaded() {
        return new InferenceRefusedException(InferenceRefusedException.Reason.NO_MODELS_LOADED,
                "No models loaded. Please load a model in the developer page or use the 'lms load' command.");
    }

    private static InferenceRefusedException invalid(String model, List<String> valid) {
        String examples = String.join(", ", valid.subList(0, Math.min(3, valid.size())));
        return new InferenceRefusedException(InferenceRefusedException.Reason.INVALID_MODEL,
                "Invalid model identifier \"" + model + "\". Please specify a valid downloaded model (e.g., "
                        + examples + ").");
    }
}
