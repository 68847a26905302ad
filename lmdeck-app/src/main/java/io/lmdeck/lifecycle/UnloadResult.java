package io.lmdeck.lifecycle;

import java.util.List;

public record UnloadResult(List<String> unloadedInstanceIds) {
    public UnloadResult {
        unloadedInstanceIds = List.copyOf(unloadedInstanceIds);
    }
}
