package io.lmdeck.lmstudio.sim.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Objects;

/**
 * One downloaded model as the simulator knows it. This is also the element of the catalogue file format
 * ({@code {"models":[...]}}), so component names are the JSON field names.
 *
 * @param type "llm" or "embedding" (a VLM is an "llm" with {@code vision} true)
 * @param format "gguf" or "mlx" (REST v1 spelling; the websocket reports mlx as "safetensors")
 * @param bitsPerWeight integer bits of the quantization, null when unknown
 * @param defaultContextLength the context length a load without explicit setting gets
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CatalogModel(
        String key,
        String displayName,
        String publisher,
        String architecture,
        String type,
        String format,
        String quantization,
        Integer bitsPerWeight,
        long sizeBytes,
        String paramsString,
        int maxContextLength,
        Integer defaultContextLength,
        boolean vision,
        boolean trainedForToolUse,
        boolean reasoning,
        String path,
        String description,
        List<String> variants,
        Integer numExperts) {

    public CatalogModel {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) throw new IllegalArgumentException("model key must not be blank");
        if (!"llm".equals(type) && !"embedding".equals(type)) {
            throw new IllegalArgumentException("model " + key + ": type must be \"llm\" or \"embedding\", was " + type);
        }
        if (!"gguf".equals(format) && !"mlx".equals(format)) {
            throw new IllegalArgumentException("model " + key + ": format must be \"gguf\" or \"mlx\", was " + format);
        }
        if (sizeBytes <= 0) throw new IllegalArgumentException("model " + key + ": sizeBytes must be positive");
        if (maxContextLength <= 0) throw new IllegalArgumentException("model " + key + ": maxContextLength must be positive");
        displayName = displayName == null ? key : displayName;
        publisher = publisher == null ? publisherOf(key) : publisher;
        path = path == null ? defaultPath(key, format, quantization) : path;
        variants = variants == null ? List.of() : List.copyOf(variants);
        if (defaultContextLength == null) defaultContextLength = Math.min(4096, maxContextLength);
    }

    public boolean isEmbedding() {
        return "embedding".equals(type);
    }

    public boolean isMlx() {
        return "mlx".equals(format);
    }

    private static String publisherOf(String key) {
        int slash = key.indexOf('/');
        return slash > 0 ? key.substring(0, slash) : "lmstudio-community";
    }

    private static String defaultPath(String key, String format, String quantization) {
        String name = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
        String q = quantization == null ? "" : "-" + quantization;
        return "gguf".equals(format)
                ? "lmstudio-community/" + name + "-GGUF/" + name + q + ".gguf"
                : "mlx-community/" + name + q;
    }
}
