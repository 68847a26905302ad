package io.lmdeck.lifecycle;

/** How a load operation ended; {@code error} is set when it failed or was cancelled. */
public record OperationResult(String operationId, String modelId, OperationOutcome outcome, LastError error) {
}
