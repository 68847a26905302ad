package io.lmdeck.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {
    @Test
    void servesEachSnapshotsJsonFromOneSerializationAndFollowsChanges() {
        AtomicInteger serializations = new AtomicInteger();
        SnapshotJson<Catalog> json = new SnapshotJson<>(Json.newMapper(), catalog -> {
            serializations.incrementAndGet();
            return catalog;
        });
        Catalog online = new Catalog(true, false, List.of());

        byte[] first = json.of(online);
        byte[] second = json.of(online);
        byte[] offline = json.of(new Catalog(false, true, List.of()));

        assertThat(second).isSameAs(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("{\"online\":true,\"stale\":false,\"models\":[]}");
        assertThat(new String(offline, StandardCharsets.UTF_8)).contains("\"online\":false", "\"stale\":true");
        assertThat(serializations).hasValue(2);
    }
}
