package io.lmdeck.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What an unload did. {@code drainingInstanceIds}: instances that still serve requests (leases), unloaded when those
 * end or at the drain timeout; the answer came at once (HTTP 202 {@code {"state":"draining"}}).
 */
public record UnloadResult(List<String> unloadedInstanceIds,
                           @JsonIgnore List<String> drainingInstanceIds) {
    public UnloadResult {
        unloadedInstanceIds = List.copyOf(unloadedInstanceIds);
        drainingInstanceIds = List.copyOf(drainingInstanceIds);
    }

    public UnloadResult(List<String> unloadedInstanceIds) {
        this(unloadedInstanceIds, List.of());
    }

    /** Leases remain: the unload happens when they end. */
    @JsonIgnore
    public boolean draining() {
        return !drainingInstanceIds.isEmpty();
    }
}
