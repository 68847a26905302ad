package io.lmdeck.lmstudio.client.model;

import java.util.List;

/**
 * A downloaded model (catalogue entry) with its loaded instances. Fields LM Studio did not report are null
 * (REST v0, for instance, has no size, display name or params).
 *
 * @param key               model key used to load it
 * @param displayName       human name, e.g. "Gemma 4 26B A4B"
 * @param publisher         e.g. {@code google}
 * @param type              LLM or embedding
 * @param architecture      e.g. {@code gemma4}
 * @param quantization      quantization, or null
 * @param sizeBytes         size on disk
 * @param paramsString      e.g. {@code 7B}
 * @param maxContextLength  the largest context the model supports
 * @param format            {@code gguf}, {@code mlx}, {@code safetensors}…
 * @param vision            accepts images
 * @param trainedForToolUse trained for tool calling
 * @param description       free text, or null
 * @param variants          downloaded variants ({@code key@q4_k_m}); empty when single-variant
 * @param selectedVariant   the variant used when loading by key, or null
 * @param path              file path relative to the models folder (websocket only)
 * @param state             whether an instance is loaded (or loading, per REST v0)
 * @param loadedInstances   loaded instances of this model, possibly several ({@code key}, {@code key:2}…)
 */
public record ModelInfo(String key, String displayName, String publisher, ModelDomain type, String architecture,
                        Quantization quantization, Long sizeBytes, String paramsString, Integer maxContextLength,
                        String format, boolean vision, boolean trainedForToolUse, String description,
                        List<String> variants, String selectedVariant, String path, LoadState state,
                        List<LoadedInstance> loadedInstances) {
    public ModelInfo {
        variants = variants == null ? List.of() : List.copyOf(variants);
        loadedInstances = loadedInstances == null ? List.of() : List.copyOf(loadedInstances);
        if (state == null || (state == LoadState.NOT_LOADED && !loadedInstances.isEmpty())) {
            state = loadedInstances.isEmpty() ? LoadState.NOT_LOADED : LoadState.LOADED;
        }
    }

    /** True when at least one instance is loaded. */
    public boolean isLoaded() {
        return !loadedInstances.isEmpty();
    }

    /** This entry with other loaded instances and state. */
    public ModelInfo withInstances(List<LoadedInstance> instances, LoadState newState) {
        return new ModelInfo(key, displayName, publisher, type, architecture, quantization, sizeBytes, paramsString,
                maxContextLength, format, vision, trainedForToolUse, description, variants, selectedVariant, path,
                newState, instances);
    }
}
