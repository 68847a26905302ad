package io.lmdeck.events;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides which events go to the activity log: every event, except {@code model_loading_progress}, which is kept
 * at most once per 10 % step per operation (details {@code progress}, 0..1; an event without a number counts as
 * the step before 0 %). Used by the journal thread only.
 */
final class ProgressThrottle {
    private static final int MAX_TRACKED_OPERATIONS = 1_000;
    private final Map<String, Integer> persistedStep = new HashMap<>();

    boolean shouldPersist(LifecycleEvent event) {
        String operation = operationKey(event);
        if (event.type() != EventType.MODEL_LOADING_PROGRESS) {
            if (isEndOfLoad(event.type())) {
                persistedStep.remove(operation);
            }
            return true;
        }
        int step = step(event.details().get("progress"));
        Integer last = persistedStep.get(operation);
        if (last != null && step <= last) {
            return false;
        }
        if (last == null && persistedStep.size() >= MAX_TRACKED_OPERATIONS) {
            persistedStep.clear(); // loads that never ended: forget them rather than grow forever
        }
        persistedStep.put(operation, step);
        return true;
    }

    private static int step(Object progress) {
        if (!(progress instanceof Number number) || Double.isNaN(number.doubleValue())) {
            return -1;
        }
        double fraction = Math.max(0.0, Math.min(1.0, number.doubleValue()));
        // The epsilon keeps 0.3 (0.29999… in binary) in step 3.
        return (int) Math.floor(fraction * 10 + 1e-9);
    }

    private static String operationKey(LifecycleEvent event) {
        if (event.operationId() != null) {
            return "op:" + event.operationId();
        }
        return "model:" + event.modelId();
    }

    private static boolean isEndOfLoad(EventType type) {
        return type == EventType.MODEL_LOADING_COMPLETE
                || type == EventType.MODEL_LOADING_FAILED
                || type == EventType.MODEL_LOADING_CANCELLED;
    }
}
