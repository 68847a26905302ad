package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The contract's event drafts and the lines a person reads in the Activity Log. */
final class EventDrafts {
    private EventDrafts() {
    }

    static LifecycleEvent loadingStarted(Instant at, LoadState.Op op, String name, Double etaSeconds) {
        return draft(EventType.MODEL_LOADING_STARTED, at, op, "LM Studio: Loading " + name + "…",
                details("context_length", op.request().contextLength(), "estimated_bytes", op.estimatedBytes(),
                        "eta_seconds", etaSeconds));
    }

    static LifecycleEvent progress(Instant at, LoadState.Op op, String name, double progress, Double etaSeconds) {
        String percent = String.format(Locale.ROOT, "%.0f%%", progress * 100);
        return draft(EventType.MODEL_LOADING_PROGRESS, at, op, "LM Studio: Loading " + name + "… " + percent,
                details("progress", progress, "eta_seconds", etaSeconds));
    }

    static LifecycleEvent complete(Instant at, LoadState.Op op, String name, Duration took,
                                   LmStudioPort.Instance instance, Long sizeBytes) {
        String seconds = String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
        return draft(EventType.MODEL_LOADING_COMPLETE, at, op, "LM Studio: Model Ready (" + name + ", " + seconds + ")",
                details("duration_ms", took.toMillis(), "instance_id", instance.instanceId(),
                        "context_length", instance.contextLength(), "size_bytes", sizeBytes,
                        "drift", drift(op.request().contextLength(), instance.contextLength())));
    }

    /**
     * What LM Studio loaded that differs from what lmdeck asked (contract §7), e.g.
     * {@code {"context_length":{"asked":8192,"got":4096}}}; null when nothing was asked, LM Studio did not say, or
     * they agree.
     */
    static Map<String, Object> drift(Integer askedContextLength, Integer gotContextLength) {
        if (askedContextLength == null || gotContextLength == null || askedContextLength.equals(gotContextLength)) {
            return null;
        }
        return Map.of("context_length", details("asked", askedContextLength, "got", gotContextLength));
    }

    /**
     * A load lmdeck started and never saw end (it was killed or stopped mid-load) that LM Studio finished meanwhile,
     * found when lmdeck started again: the end of that operation's row. No {@code duration_ms}: lmdeck did not see
     * when it finished, and load-time estimates must not learn from a guess.
     */
    static LifecycleEvent finishedWhileAway(Instant at, String operationId, LmStudioPort.Instance instance,
                                            String name, Long sizeBytes) {
        return LifecycleEvent.draft(EventType.MODEL_LOADING_COMPLETE, at, instance.modelId(), operationId,
                Cause.STARTUP, "LM Studio: Model Ready (" + name + ", finished while lmdeck was not running)",
                details("instance_id", instance.instanceId(), "context_length", instance.contextLength(),
                        "size_bytes", sizeBytes));
    }

    /**
     * A load lmdeck started and never saw end (it was killed or stopped mid-load) whose instance is not there when
     * lmdeck starts again: the end of that operation's row.
     */
    static LifecycleEvent interrupted(Instant at, String operationId, String modelId, String name) {
        return LifecycleEvent.draft(EventType.MODEL_LOADING_FAILED, at, modelId, operationId, Cause.STARTUP,
                "LM Studio: Failed to load " + name + ": interrupted (lmdeck stopped during the load)",
                details("code", "interrupted", "reason", "interrupted"));
    }

    static LifecycleEvent failed(Instant at, LoadState.Op op, String name, String code, String reason,
                                 Long requiredBytes) {
        return draft(EventType.MODEL_LOADING_FAILED, at, op, "LM Studio: Failed to load " + name + ": " + reason,
                details("code", code, "reason", reason, "required_bytes", requiredBytes));
    }

    static LifecycleEvent cancelled(Instant at, LoadState.Op op, String name, Cause cause, String supersededBy) {
        return LifecycleEvent.draft(EventType.MODEL_LOADING_CANCELLED, at, op.modelId(), op.id(), cause,
                "LM Studio: Loading " + name + " cancelled", details("superseded_by", supersededBy));
    }

    /**
     * {@code forRequest}: the gateway request whose load needed the room, named in the details; else null. lmdeck's
     * idle TTL ({@code cause} ttl) says so in {@code details.reason}: {@code idle_ttl}.
     */
    static LifecycleEvent unloaded(Instant at, TrackedInstance instance, String name, Cause cause,
                                   GatewayRequest forRequest) {
        boolean ttl = cause == Cause.TTL;
        return LifecycleEvent.draft(EventType.MODEL_UNLOADED, at, instance.modelId(), null, cause,
                "LM Studio: " + name + (ttl ? " unloaded after its idle TTL" : " unloaded"),
                details("instance_id", instance.id(), "loaded_by", instance.loadedBy().wire(),
                        "reason", ttl ? "idle_ttl" : null,
                        "request_id", forRequest == null ? null : forRequest.requestId(),
                        "endpoint", forRequest == null ? null : forRequest.endpoint()));
    }

    static LifecycleEvent loadedExternally(Instant at, LmStudioPort.Instance instance, String name) {
        return LifecycleEvent.draft(EventType.MODEL_LOADED_EXTERNALLY, at, instance.modelId(), null, Cause.EXTERNAL,
                "LM Studio: " + name + " loaded by another app",
                details("instance_id", instance.instanceId(), "context_length", instance.contextLength()));
    }

    static LifecycleEvent unloadedExternally(Instant at, TrackedInstance instance, String name, Cause cause) {
        String how = cause == Cause.TTL ? " unloaded after its idle TTL" : " unloaded by another app";
        return LifecycleEvent.draft(EventType.MODEL_UNLOADED_EXTERNALLY, at, instance.modelId(), null, cause,
                "LM Studio: " + name + how, details("instance_id", instance.id(),
                        "loaded_by", instance.loadedBy().wire()));
    }

    static LifecycleEvent online(Instant at, Cause cause, String version, String transport) {
        return LifecycleEvent.draft(EventType.LMSTUDIO_ONLINE, at, null, null, cause, "LM Studio: online",
                details("version", version, "transport", transport));
    }

    static LifecycleEvent offline(Instant at, String reason) {
        return LifecycleEvent.draft(EventType.LMSTUDIO_OFFLINE, at, null, null, Cause.SYSTEM, "LM Studio: offline",
                details("reason", reason));
    }

    static LifecycleEvent activeModelChanged(Instant at, String modelId, String name, String instanceId,
                                             String previousModelId, Cause cause) {
        String message = modelId == null ? "Active model: none" : "Active model: " + name;
        return LifecycleEvent.draft(EventType.ACTIVE_MODEL_CHANGED, at, modelId, null, cause, message,
                details("instance_id", instanceId, "previous_model_id", previousModelId));
    }

    /**
     * "~22.5 GB": decimal gigabytes (10^9 bytes) as LM Studio shows sizes, three significant figures, as the UI and
     * the CLI write them, so one figure reads the same everywhere.
     */
    static String gigabytes(long bytes) {
        double gb = bytes / 1e9;
        String pattern = gb >= 99.95 ? "~%.0f GB" : gb >= 9.995 ? "~%.1f GB" : "~%.2f GB";
        return String.format(Locale.ROOT, pattern, gb);
    }

    private static LifecycleEvent draft(EventType type, Instant at, LoadState.Op op, String message,
                                        Map<String, Object> details) {
        if (op.gateway()) { // the request that caused it (contract §6)
            details.putAll(details("request_id", op.forRequest().requestId(), "endpoint", op.forRequest().endpoint()));
        }
        return LifecycleEvent.draft(type, at, op.modelId(), op.id(), op.request().cause(), message, details);
    }

    /** Key/value pairs, leaving out null values (event details hold no nulls). */
    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
