package io.lmdeck.lifecycle;

import java.time.Instant;

/** A loaded instance (contract {@code Instance}). {@code loadedAt} is when lmdeck first saw it loaded. */
public record InstanceView(
        String instanceId,
        String modelId,
        Integer contextLength,
        LoadedBy loadedBy,
        Instant loadedAt,
        Long memoryBytes) {
}
