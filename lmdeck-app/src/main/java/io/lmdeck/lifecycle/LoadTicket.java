package io.lmdeck.lifecycle;

/**
 * The answer to a load request: a new or joined operation ({@code state} LOADING, HTTP 202),
 * or the model is already loaded ({@code state} LOADED, HTTP 200; {@code operationId} may be null).
 */
public record LoadTicket(String operationId, String modelId, ModelState state) {
}
