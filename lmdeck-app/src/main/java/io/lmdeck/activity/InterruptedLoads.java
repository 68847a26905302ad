package io.lmdeck.activity;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Loads lmdeck started and never saw end, because it was killed (or stopped) mid-load: fed the activity log newest
 * first, a model's load counts as interrupted when its newest events are one operation's
 * {@code model_loading_started} (and that operation's progress) with nothing about the model after them, and lmdeck
 * has not started since (no {@code cause: startup} event is newer: a run that came after it already had its look).
 */
final class InterruptedLoads {
    private final Map<String, String> openOperation = new HashMap<>();
    /** Model → operation id of its interrupted load. */
    private final Map<String, String> interrupted = new HashMap<>();
    private final Set<String> decided = new HashSet<>();
    private boolean lmdeckStartedSince;


    /** The next older event of the log. */
    void see(LifecycleEvent event) {
        if (event.cause() == Cause.STARTUP) {
            lmdeckStartedSince = true;
        }
        String model = event.modelId();
        if (lmdeckStartedSince || model == null || decided.contains(model)) {
            return;
        }
        boolean loadEvent = event.type() == EventType.MODEL_LOADING_STARTED
                || event.type() == EventType.MODEL_LOADING_PROGRESS;
        String op = event.operationId();
        if (!loadEvent || op == null || !op.equals(openOperation.getOrDefault(model, op))) {
            decided.add(model); // something happened to the model after its last load began (or ended it)
            return;
        }
        openOperation.put(model, op);
        if (event.type() == EventType.MODEL_LOADING_STARTED) {
            interrupted.put(model, op);
            decided.add(model);
        }
    }

    /** True once older events cannot change the answer (they belong to an earlier run, which had its look). */
    boolean settled() {
        return lmdeckStartedSince;
    }

    /** Operation id → model id of every interrupted load. */
    Map<String, String> operations() {
        Map<String, String> operations = new HashMap<>();
        interrupted.forEach((model, op) -> operations.put(op, model));
        return operations;
    }

    /**
     * Instance id → operation id of the interrupted load it is the result of: per model with an interrupted load,
     * its listed instances ({@code modelIdByInstanceId}) that are not {@code recordedLoaded} (the log says lmdeck or
     * another app loaded that id, and nobody unloaded it since, so it was there before the load began). Claimed only
     * when exactly one is left: of two unexplained copies lmdeck cannot tell which is its own, and unloading another
     * app's model on a later swap is worse than leaving a copy.
     */
    Map<String, String> claims(Map<String, String> modelIdByInstanceId, Predicate<String> recordedLoaded) {
        Map<String, List<String>> candidatesByModel = new HashMap<>();
        modelIdByInstanceId.forEach((id, modelId) -> {
            if (interrupted.containsKey(modelId) && !recordedLoaded.test(id)) {
                candidatesByModel.computeIfAbsent(modelId, m -> new ArrayList<>()).add(id);
            }
        });
        Map<String, String> claims = new HashMap<>();
        candidatesByModel.forEach((modelId, ids) -> {
            if (ids.size() == 1) {
                claims.put(ids.get(0), interrupted.get(modelId));
            }
        });
        return claims;
    }
}
