package io.lmdeck.lmstudio.client.model;

import java.util.List;

/**
 * The answer of {@code POST /v1/embeddings}: one vector per input, in input order.
 *
 * @param model   the model that answered
 * @param vectors one embedding per input
 * @param usage   token counts, or null
 */
public record EmbeddingResult(String model, List<List<Double>> vectors, Usage usage) {
    public EmbeddingResult {
        vectors = vectors.stream().map(List::copyOf).toList();
    }
}
