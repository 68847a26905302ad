package io.lmdeck.lifecycle;

import java.util.List;

/** {@code GET /api/models/lmstudio}: the last known catalogue; {@code stale} while LM Studio is offline. */
public record Catalog(boolean online, boolean stale, List<ModelView> models) {
    public Catalog {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
