package io.lmdeck.lmstudio.client.model;

/**
 * A model's quantization.
 *
 * @param name          e.g. {@code Q4_K_M}, {@code 4bit}, {@code F16}; may be null
 * @param bitsPerWeight e.g. 4 or 16; null when LM Studio did not say
 */
public record Quantization(String name, Double bitsPerWeight) {
}
