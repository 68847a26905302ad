package io.lmdeck.activity;

import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.lifecycle.OwnershipHistory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Ownership from the activity log, read newest first over at most {@value #SCANNED} events: an instance is
 * lmdeck's when the newest event naming its {@code instance_id} is lmdeck's {@code model_loading_complete}
 * (a later {@code model_unloaded}, {@code model_unloaded_externally} or {@code model_loaded_externally} means
 * the instance id now belongs to another load). The last {@code active_model_changed} names the active model.
 */
public final class ActivityOwnershipHistory implements OwnershipHistory {
    static final int SCANNED = 5_000;
    private static final int PAGE = ActivityQuery.MAX_LIMIT;

    private final ActivityLog log;

    public ActivityOwnershipHistory(ActivityLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public Recalled recall(Set<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Recalled.NOTHING;
        }
        Map<String, Boolean> ownedById = new HashMap<>();
        LifecycleEvent lastActive = null;
        Long before = null;
        int scanned = 0;
        while (scanned < SCANNED && (ownedById.size() < instanceIds.size() || lastActive == null)) {
            ActivityPage page = log.page(new ActivityQuery(PAGE, before, null, null));
            for (LifecycleEvent event : page.items()) {
                if (event.type() == EventType.ACTIVE_MODEL_CHANGED && lastActive == null) {
                    lastActive = event;
                }
                if (event.details().get("instance_id") instanceof String id && instanceIds.contains(id)) {
                    Boolean owned = ownership(event.type());
                    if (owned != null) {
                        ownedById.putIfAbsent(id, owned);
                    }
                }
            }
            scanned += page.items().size();
            if (page.nextBefore() == null) {
                break;
            }
            before = page.nextBefore();
        }
        Set<String> owned = new HashSet<>();
        ownedById.forEach((id, ours) -> {
            if (ours) {
                owned.add(id);
            }
        });
        return lastActive == null ? new Recalled(owned, null, null) : new Recalled(owned, lastActive.modelId(),
                lastActive.details().get("instance_id") instanceof String id ? id : null);
    }

    /** True: lmdeck loaded it; false: that load ended or the id is another program's; null: says nothing. */
    private static Boolean ownership(EventType type) {
        if (type == EventType.MODEL_LOADING_COMPLETE) {
            return true;
        }
        if (type == EventType.MODEL_UNLOADED || type == EventType.MODEL_UNLOADED_EXTERNALLY
                || type == EventType.MODEL_LOADED_EXTERNALLY) {
            return false;
        }
        return null;
    }
}
