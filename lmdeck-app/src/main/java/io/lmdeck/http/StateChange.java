package io.lmdeck.http;

import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.lifecycle.LmStudioStatus;
import io.lmdeck.lifecycle.ModelView;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of the live-only SSE {@code state} event (sent to clients that asked with {@code ?state=1}): the whole
 * status object after a lifecycle step, and of the catalogue only what changed: {@code model_ids} in order, and the
 * entries that are new or differ ({@code changed}). A client that holds the previous {@code snapshot}/{@code state}
 * applies it and holds exactly what {@code GET /status} and {@code GET /api/models/lmstudio} would answer, without
 * asking.
 */
record StateChange(LmStudioStatus lmstudio, Changes catalog) {
    record Changes(boolean online, boolean stale, List<String> modelIds, List<ModelView> changed) {
    }

    /** What {@code after} changes compared to {@code before}; null when nothing a client shows changed. */
    static StateChange between(LmStudioStatus beforeStatus, Catalog before, LmStudioStatus afterStatus, Catalog after) {
        List<String> ids = after.models().stream().map(ModelView::modelId).toList();
        Map<String, ModelView> old = new HashMap<>();
        before.models().forEach(m -> old.put(m.modelId(), m));
        List<ModelView> changed = after.models().stream().filter(m -> !m.equals(old.get(m.modelId()))).toList();
        boolean catalogSame = changed.isEmpty() && before.online() == after.online() && before.stale() == after.stale()
                && ids.equals(before.models().stream().map(ModelView::modelId).toList());
        if (catalogSame && clockless(beforeStatus).equals(clockless(afterStatus))) {
            return null;
        }
        return new StateChange(afterStatus, new Changes(after.online(), after.stale(), ids, changed));
    }

    /**
     * The status without the time of LM Studio's last read, which moves on every poll: only whether it was read at
     * all is something a client shows ("Checking LM Studio…").
     */
    private static LmStudioStatus clockless(LmStudioStatus s) {
        return new LmStudioStatus(s.online(), s.status(), s.baseUrl(), s.version(), s.transport(), s.activeModel(),
                s.loaded(), s.loading(), s.memory(), s.lastError(), s.checkedAt() == null ? null : Instant.EPOCH);
    }
}
