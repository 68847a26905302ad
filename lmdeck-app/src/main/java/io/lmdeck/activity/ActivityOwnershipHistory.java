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
 * the instance id now belongs to another load). An instance no such record explains is lmdeck's when it is the
 * one new instance of a model whose last load lmdeck started and never saw end ({@link InterruptedLoads}): lmdeck
 * died mid-load and LM Studio finished it. The last {@code active_model_changed} names the active model.
 */
public final class ActivityOwnershipHistory implements OwnershipHistory {
    static final int SCANNED = 5_000;
    private static final int PAGE = ActivityQuery.MAX_LIMIT;

    private final ActivityLog log;

    public ActivityOwnershipHistory(ActivityLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public Recalled recall(Map<String, String> modelIdByInstanceId) {
        Map<String, EventType> lastRecordById = new HashMap<>();
        InterruptedLoads interrupted = new InterruptedLoads();
        LifecycleEvent lastActive = null;
        Long before = null;
        int scanned = 0;
        while (scanned < SCANNED && (lastRecordById.size() < modelIdByInstanceId.size() || lastActive == null
                || !interrupted.settled())) {
            ActivityPage page = log.page(new ActivityQuery(PAGE, before, null, null));
            for (LifecycleEvent event : page.items()) {
                if (event.type() == EventType.ACTIVE_MODEL_CHANGED && lastActive == null) {
                    lastActive = event;
                }
                if (event.details().get("instance_id") instanceof String id && modelIdByInstanceId.containsKey(id)
                        && isRecord(event.type())) {
                    lastRecordById.putIfAbsent(id, event.type());
                }
                interrupted.see(event);
            }
            scanned += page.items().size();
            if (page.nextBefore() == null) {
                break;
            }
            before = page.nextBefore();
        }
        Set<String> owned = new HashSet<>();
        lastRecordById.forEach((id, type) -> {
            if (type == EventType.MODEL_LOADING_COMPLETE) {
                owned.add(id);
            }
        });
        Map<String, String> interruptedLoads = interrupted.claims(modelIdByInstanceId, id -> {
            EventType record = lastRecordById.get(id);
            return record == EventType.MODEL_LOADING_COMPLETE || record == EventType.MODEL_LOADED_EXTERNALLY;
        });
        return lastActive == null ? new Recalled(owned, null, null, interruptedLoads, interrupted.operations())
                : new Recalled(owned, lastActive.modelId(),
                        lastActive.details().get("instance_id") instanceof String id ? id : null, interruptedLoads,
                        interrupted.operations());
    }

    /** The events that say who holds an instance id: lmdeck's load, another app's, or nobody after an unload. */
    private static boolean isRecord(EventType type) {
        return type == EventType.MODEL_LOADING_COMPLETE || type == EventType.MODEL_UNLOADED
                || type == EventType.MODEL_UNLOADED_EXTERNALLY || type == EventType.MODEL_LOADED_EXTERNALLY;
    }
}
