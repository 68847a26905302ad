package io.lmdeck.lifecycle;

/**
 * What each model's preset (contract §7) says about the gateway's loads of it. Asked on the requesting thread when a
 * request is admitted, never in the owner's turn (a preset store may do I/O). Its slots per instance ({@code parallel})
 * are lifecycle state instead ({@link ModelPolicy}, applied by {@link ModelLifecycle#applyPolicies}).
 */
public interface GatewayPresets {
    /** No presets: LM Studio's defaults. */
    GatewayPresets NONE = load -> load;

    /**
     * {@code load} with what it leaves out (context length, GPU offload) taken from its model's preset. Not its TTL:
     * that is lmdeck's to apply ({@link ModelPolicy#ttlSeconds}), never LM Studio's.
     */
    LoadRequest withDefaults(LoadRequest load);
}
