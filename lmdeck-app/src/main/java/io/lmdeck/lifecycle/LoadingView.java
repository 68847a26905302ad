package io.lmdeck.lifecycle;

import java.time.Instant;

/** The load running against LM Studio right now. {@code progress} is null when LM Studio reports none (REST). */
public record LoadingView(String modelId, String operationId, Double progress, Double etaSeconds, Instant startedAt) {
}
