package io.lmdeck.lmstudio.client.model;

import java.util.Locale;

/** LM Studio's two model domains. Vision models are {@link #LLM} with {@link ModelInfo#vision()} set. */
public enum ModelDomain {
    LLM,
    EMBEDDING;

    /** Reads LM Studio's spellings: {@code llm}, {@code vlm} (v0), {@code embedding} (v1/SDK), {@code embeddings} (v0). */
    public static ModelDomain parse(String text) {
        if (text != null && text.toLowerCase(Locale.ROOT).startsWith("embedding")) {
            return EMBEDDING;
        }
        return LLM;
    }
}
