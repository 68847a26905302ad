package io.lmdeck.lifecycle;

import java.util.List;

/** One catalogue entry with its live state (contract {@code Model}). Immutable. */
public record ModelView(
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
        ModelState state,
        Double progress,
        List<InstanceView> instances) {

    public ModelView {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
