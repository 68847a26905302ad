package io.lmdeck.lmstudio.client.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A request to load a new instance of a model. LM Studio always creates a new instance, even when the model is
 * already loaded (the second gets the id {@code key:2}); check {@code listLoaded()} first if that is not wanted.
 *
 * @param modelKey   the model key, e.g. {@code qwen/qwen3-4b-2507}
 * @param domain     the model's domain when the caller knows it (it picks the websocket namespace); null makes the
 *                   client look it up in LM Studio's model list first
 * @param identifier the instance id to give it (websocket only); null lets LM Studio pick {@code key}, {@code key:2}…
 * @param ttl        idle time after which LM Studio unloads it (websocket only); null = never
 * @param config     load settings
 */
public record ModelLoadRequest(String modelKey, ModelDomain domain, String identifier, Duration ttl, LoadConfig config) {
    public ModelLoadRequest {
        Objects.requireNonNull(modelKey, "modelKey");
        if (modelKey.isBlank()) {
            throw new IllegalArgumentException("modelKey must not be blank");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        config = config == null ? LoadConfig.defaults() : config;
    }

    /** A request with LM Studio's defaults for everything. */
    public static ModelLoadRequest of(String modelKey) {
        return new ModelLoadRequest(modelKey, null, null, null, LoadConfig.defaults());
    }

    /** Starts a builder for the given model key. */
    public static Builder builder(String modelKey) {
        return new Builder(modelKey);
    }

    /** True when the request uses something only the websocket can send (identifier, TTL, GPU offload, parallel). */
    public boolean needsWebsocket() {
        return identifier != null || ttl != null || config.needsWebsocket();
    }

    /** Builds a {@link ModelLoadRequest}. */
    public static final class Builder {
        private final String modelKey;
        private ModelDomain domain;
        private String identifier;
        private Duration ttl;
        private LoadConfig config = LoadConfig.defaults();

        private Builder(String modelKey) {
            this.modelKey = modelKey;
        }

        /** The model's domain, when known: saves the client a look-up in LM Studio's model list. */
        public Builder domain(ModelDomain value) {
            this.domain = value;
            return this;
        }

        public Builder identifier(String value) {
            this.identifier = value;
            return this;
        }

        public Builder ttl(Duration value) {
            this.ttl = value;
            return this;
        }

        public Builder config(LoadConfig value) {
            this.config = value == null ? LoadConfig.defaults() : value;
            return this;
        }

        public Builder contextLength(Integer value) {
            config = config.withContextLength(value);
            return this;
        }

        public Builder gpuOffload(GpuOffloadRatio value) {
            config = config.withGpuOffload(value);
            return this;
        }

        public Builder parallel(Integer value) {
            config = config.withParallel(value);
            return this;
        }

        public Builder evalBatchSize(Integer value) {
            config = config.withEvalBatchSize(value);
            return this;
        }

        public Builder flashAttention(Boolean value) {
            config = config.withFlashAttention(value);
            return this;
        }

        public Builder numExperts(Integer value) {
            config = config.withNumExperts(value);
            return this;
        }

        public Builder offloadKvCacheToGpu(Boolean value) {
            config = config.withOffloadKvCacheToGpu(value);
            return this;
        }

        public ModelLoadRequest build() {
            return new ModelLoadRequest(modelKey, domain, identifier, ttl, config);
        }
    }
}
