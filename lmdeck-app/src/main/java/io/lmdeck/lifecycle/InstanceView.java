package io.lmdeck.lifecycle;

import java.time.Instant;

/**
 * A loaded instance (contract {@code Instance}). {@code loadedAt} is when lmdeck first saw it loaded;
 * {@code lastUsedAt} when it was last used (a chat or gateway request on it began or ended, or LM Studio's own last-use
 * time when later; {@code loadedAt} when never used), {@code pinned} and {@code ttlSeconds}
 * its model's preset (the TTL only when lmdeck applies it to this instance), and {@code ttlExpiresAt} when lmdeck
 * unloads it if it stays idle (null when in use, pinned, leaving, or no TTL applies).
 */
public record InstanceView(
        String instanceId,
        String modelId,
        Integer contextLength,
        LoadedBy loadedBy,
        Instant loadedAt,
        Long memoryBytes,
        Instant lastUsedAt,
        boolean pinned,
        Integer ttlSeconds,
        Instant ttlExpiresAt) {

    /** An instance without policies, unused since it was loaded. */
    public InstanceView(String instanceId, String modelId, Integer contextLength, LoadedBy loadedBy, Instant loadedAt,
                        Long memoryBytes) {
        this(instanceId, modelId, contextLength, loadedBy, loadedAt, memoryBytes, loadedAt, false, null, null);
    }
}
