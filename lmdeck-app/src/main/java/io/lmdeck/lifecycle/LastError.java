package io.lmdeck.lifecycle;

import java.time.Instant;

/** The most recent failure, as a person should read it. */
public record LastError(String code, String message, String modelId, Instant at) {
}
