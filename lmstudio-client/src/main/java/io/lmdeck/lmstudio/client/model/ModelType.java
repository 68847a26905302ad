package io.lmdeck.lmstudio.client.model;

/** LM Studio's two model domains. Vision models are {@link #LLM} with {@link ModelInfo#vision()} set. */
public enum ModelType {
    LLM,
    EMBEDDING;

    /** Reads LM Studio's spellings: {@code llm}, {@code vlm} (v0), {@code embedding} (v1/SDK), {@code embeddings} (v0). */
    public static ModelType parse(String text) {
        if (text != null && text.toLowerCase(java.util.Locale.ROOT).startsWith("embedding")) {
            return EMBEDDING;
        }
        return LLM;
    }
}
