package io.lmdeck.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleConsumer;

/**
 * The lifecycle's narrow view of LM Studio. Implementations must not block the caller: every call
 * returns at once and completes its future from its own threads. Failures complete the future with an
 * {@link LmStudioPortException} (any other exception is treated as {@code LOAD_FAILED} / offline).
 */
public interface LmStudioPort {

    /** One look at LM Studio: its version, how lmdeck talks to it, and the catalogue with loaded instances. */
    CompletableFuture<Observation> observe();

    /**
     * Starts one load; LM Studio creates a new instance even when the model is already loaded, so the
     * lifecycle only calls this when it decided a load is needed. {@code onProgress} receives 0..1 when
     * the transport reports progress (websocket), from any thread.
     */
    LoadHandle startLoad(LoadSpec spec, DoubleConsumer onProgress);

    /** Unloads one instance. An instance that is already gone completes with {@code NOT_FOUND}. */
    CompletableFuture<Void> unload(String instanceId);

    /**
     * LM Studio's memory estimate for loading this model, or empty when the transport has none. {@code type} is the
     * model's type from the catalogue (so the transport need not look it up).
     */
    CompletableFuture<OptionalLong> estimateMemory(String modelId, ModelType type, Integer contextLength);

    /** A running load. */
    interface LoadHandle {
        /** Completes with the new instance, or exceptionally ({@code CANCELLED} after a successful cancel). */
        CompletableFuture<Instance> result();

        /** True when {@link #cancel()} really stops the load (websocket); false for a blocking REST load. */
        boolean cancelSupported();

        /** True when the load reports progress; without it the lifecycle uses the load timeout, not the stall limit. */
        boolean reportsProgress();

        void cancel();
    }

    /** {@code transport}: {@code websocket}, {@code rest_v1} or {@code rest_v0}. */
    record ServerInfo(String version, String transport) {
    }

    record Observation(ServerInfo server, List<Model> models) {
        public Observation {
            models = List.copyOf(models);
        }
    }

    /** A downloaded model with its loaded instances. {@code quantization} is the name, e.g. {@code Q4_K_M}. */
    record Model(
            String modelId,
            String displayName,
            ModelType type,
            String publisher,
            String architecture,
            String quantization,
            String params,
            long sizeBytes,
            Integer maxContextLength,
            String format,
            boolean vision,
            boolean toolUse,
            List<Instance> instances) {

        public Model {
            instances = instances == null ? List.of() : List.copyOf(instances);
        }

        /** The same model under another display name (lmdeck shows the id when LM Studio gives none). */
        public Model withDisplayName(String name) {
            return name.equals(displayName) ? this : new Model(modelId, name, type, publisher, architecture,
                    quantization, params, sizeBytes, maxContextLength, format, vision, toolUse, instances);
        }
    }

    /** A loaded instance. {@code ttlMs} and {@code lastUsedAt} are null when the transport does not report them. */
    record Instance(String instanceId, String modelId, Integer contextLength, Long ttlMs, Instant lastUsedAt) {
    }

    /** What to load; null fields mean LM Studio's defaults. {@code type}: the model's type, from the catalogue. */
    record LoadSpec(String modelId, Integer contextLength, GpuOffload gpuOffload, Integer ttlSeconds, ModelType type) {
    }
}
