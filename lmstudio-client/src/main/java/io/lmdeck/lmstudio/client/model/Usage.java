package io.lmdeck.lmstudio.client.model;

/** Token counts of a completion or embedding request. */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {
}
