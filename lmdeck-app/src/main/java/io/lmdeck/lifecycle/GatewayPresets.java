package io.lmdeck.lifecycle;

/**
 * What each model's preset (contract §7) says about the gateway's requests for it. Asked on the requesting thread
 * when a request is admitted, never in the owner's turn (a preset store may do I/O).
 */
public interface GatewayPresets {
    /** No presets: LM Studio's defaults and the default number of slots. */
    GatewayPresets NONE = new GatewayPresets() {
        @Override
        public LoadRequest withDefaults(LoadRequest load) {
            return load;
        }

        @Override
        public Integer parallel(String modelId) {
            return null;
        }
    };

    /** {@code load} with what it leaves out (context length, GPU offload, TTL) taken from its model's preset. */
    LoadRequest withDefaults(LoadRequest load);

    /** How many of the model's requests may run at once on one instance, or null for the default. */
    Integer parallel(String modelId);
}
