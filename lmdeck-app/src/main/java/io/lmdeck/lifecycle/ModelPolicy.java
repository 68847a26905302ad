package io.lmdeck.lifecycle;

/**
 * What a model's preset (contract §7) asks of the lifecycle for its instances already loaded and the ones to come:
 * {@code pinned} (never evicted nor TTL-unloaded), {@code ttlSeconds} (idle time before lmdeck unloads it, null: never)
 * and {@code parallel} (gateway requests at once on one instance, null: the default). The load settings of a preset
 * (context length, GPU offload) are not here: they reach each load through {@link GatewayPresets#withDefaults}.
 */
public record ModelPolicy(boolean pinned, Integer ttlSeconds, Integer parallel) {
    public static final ModelPolicy NONE = new ModelPolicy(false, null, null);

    public ModelPolicy {
        if (ttlSeconds != null && ttlSeconds < 1) {
            throw new IllegalArgumentException("ttlSeconds must be at least 1");
        }
        if (parallel != null && parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
    }
}
