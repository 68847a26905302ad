package io.lmdeck.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * The JSON of an immutable snapshot, serialized once per snapshot instead of once per request: status and
 * catalogue reads are the hot path (UIs, scripts, dashboards polling), and the lifecycle hands out the same
 * snapshot object until something changes, so identity is the cache key.
 */
final class SnapshotJson<T> {
    private record Entry(Object snapshot, byte[] json) {
    }

    private final ObjectMapper mapper;
    private final Function<T, Object> body;
    private volatile Entry last = new Entry(null, null);

    SnapshotJson(ObjectMapper mapper, Function<T, Object> body) {
        this.mapper = mapper;
        this.body = body;
    }

    byte[] of(T snapshot) {
        Entry entry = last;
        if (entry.snapshot() != snapshot) {
            try {
                entry = new Entry(snapshot, mapper.writeValueAsBytes(body.apply(snapshot)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            last = entry;
        }
        return entry.json();
    }
}
