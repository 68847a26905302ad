package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import io.lmdeck.lifecycle.InstanceUse.Draining;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's unload (a model, an instance, or everything): its loads are cancelled, idle instances unloaded at once and
 * answered when gone; instances that still serve requests drain, and the answer says so at once ({@code draining}).
 */
final class UnloadTransitions {
    private UnloadTransitions() {
    }

    static void unload(Draft d, Command.Unload command) {
        UnloadRequest request = command.request();
        Cause cause = request.cause() != null ? request.cause() : Cause.API;
        int asks = (request.all() ? 1 : 0) + (request.modelId() != null ? 1 : 0) + (request.instanceId() != null ? 1 : 0);
        long replyTo = command.requestId();
        if (asks != 1) {
            d.refuse(replyTo, new LifecycleException(ErrorCode.INVALID_REQUEST,
                    "Give exactly one of model_id, instance_id or all:true"));
            return;
        }
        if (!d.online) {
            d.refuse(replyTo, new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE,
                    "LM Studio is offline (" + d.settings.baseUrl() + ")", InstanceTransitions.RETRY_SOON));
            return;
        }
        List<TrackedInstance> targets;
        if (request.all()) {
            LoadTransitions.cancelLoadsOf(d, null, cause);
            targets = List.copyOf(d.instances.read().values());
        } else if (request.instanceId() != null) {
            TrackedInstance instance = d.instance(request.instanceId());
            if (instance == null) {
                d.refuse(replyTo, new LifecycleException(ErrorCode.INSTANCE_NOT_FOUND,
                        "No loaded instance \"" + request.instanceId() + "\""));
                return;
            }
            targets = List.of(instance);
        } else {
            String modelId = request.modelId();
            targets = d.instancesOf(modelId);
            if (targets.isEmpty() && !d.catalogue.read().containsKey(modelId) && !LoadTransitions.loading(d, modelId)) {
                d.refuse(replyTo, new LifecycleException(ErrorCode.MODEL_NOT_FOUND,
                        "LM Studio has no model \"" + modelId + "\""));
                return;
            }
            LoadTransitions.cancelLoadsOf(d, modelId, cause);
        }
        if (request.instanceId() == null) { // what waits for the model(s) would only load them again
            GatewayTransitions.refuseWaiting(d, request.modelId());
        }
        if (targets.isEmpty()) {
            d.answer(replyTo, new UnloadResult(List.of()));
            return;
        }
        // An explicit ask: external instances too, waiting (bounded) for their leases.
        targets.forEach(target -> InstanceTransitions.retire(d, target, cause));
        List<String> draining = targets.stream().map(target -> d.instance(target.id()))
                .filter(now -> now != null && now.use() instanceof Draining).map(TrackedInstance::id).toList();
        if (!draining.isEmpty()) {
            // Answered at once: the unload happens when the requests running on it end (or at the drain timeout).
            d.answer(replyTo, new UnloadResult(List.of(), draining));
        } else {
            Set<String> ids = new LinkedHashSet<>();
            targets.forEach(target -> ids.add(target.id()));
            List<CoreState.UnloadWaiter> waiters = new ArrayList<>(d.unloadWaiters);
            waiters.add(new CoreState.UnloadWaiter(replyTo, Set.copyOf(ids), List.of()));
            d.unloadWaiters = waiters;
        }
        LoadTransitions.startNextIfIdle(d);
    }
}
