package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Instant;
import java.util.List;

/**
 * lmdeck's own idle TTL (contract §7): an instance of a model whose preset has {@code ttl_seconds} is unloaded by
 * lmdeck (cause {@code ttl}, {@code details.reason} {@code idle_ttl}) once it has been idle that long since its last
 * use. Idle means no lease (no chat, no gateway request), not pinned, not already leaving, and no gateway request
 * queued for its model. lmdeck's own loads always; instances another program loaded only with
 * {@code --evict-external} ({@link LifecycleSettings#evictExternal}), since they are not lmdeck's to unload unless the
 * user said so (and LM Studio itself ignores TTLs for loads made elsewhere, lmstudio-bug-tracker #2051). The preset's
 * TTL is never handed to LM Studio: LM Studio would unload the instance itself and lmdeck would see another program's
 * unload.
 */
final class TtlTransitions {
    private TtlTransitions() {
    }

    /** New pins, TTLs and slots apply at once: an instance idle past its new TTL goes now, not at the next tick. */
    static void policiesChanged(Draft d, Command.PoliciesChanged command) {
        d.policies = command.policies();
        expire(d);
    }

    /** Every tick (and on new policies): the idle instances whose TTL ran out are unloaded. */
    static void expire(Draft d) {
        if (d.policies.values().stream().allMatch(policy -> policy.ttlSeconds() == null)) {
            return;
        }
        for (TrackedInstance instance : List.copyOf(d.instances.read().values())) {
            Instant due = expiresAt(instance, d.policyOf(instance.modelId()), d.settings);
            if (due != null && !d.now.isBefore(due) && !awaited(d, instance.modelId())) {
                InstanceTransitions.unloadInstance(d, instance.id(), Cause.TTL);
            }
        }
    }

    /**
     * The idle TTL that applies to this instance: its model's, unless another program loaded it and lmdeck may not
     * unload what others loaded. Null when none applies.
     */
    static Integer ttlSeconds(TrackedInstance instance, ModelPolicy policy, LifecycleSettings settings) {
        return instance.loadedBy() == LoadedBy.LMDECK || settings.evictExternal() ? policy.ttlSeconds() : null;
    }

    /**
     * When the TTL unloads this instance if it stays idle: null when none applies, it is pinned, or it is not idle
     * (in use, or already leaving).
     */
    static Instant expiresAt(TrackedInstance instance, ModelPolicy policy, LifecycleSettings settings) {
        Integer ttl = ttlSeconds(instance, policy, settings);
        if (ttl == null || policy.pinned() || !(instance.use() instanceof InstanceUse.Idle)) {
            return null;
        }
        return instance.lastUse().plusSeconds(ttl);
    }

    /**
     * Whether a lease taken or returned on {@code instanceId} changes what readers see of it: it became idle (its last
     * use and countdown start), went away, or stopped counting down. Taking a lease on an instance with no countdown
     * changes only its last use, which the next tick's snapshot shows: the chat path skips the rebuild (a chat's time
     * to first token).
     */
    static boolean leaseShows(CoreState before, CoreState after, String instanceId, LifecycleSettings settings) {
        TrackedInstance was = instanceId == null ? null : before.instances().get(instanceId);
        TrackedInstance is = instanceId == null ? null : after.instances().get(instanceId);
        if (was == null || is == null) {
            return was != is;
        }
        boolean wasIdle = was.use() instanceof InstanceUse.Idle;
        boolean isIdle = is.use() instanceof InstanceUse.Idle;
        if (isIdle) {
            return !wasIdle;
        }
        return wasIdle && expiresAt(was, before.policyOf(was.modelId()), settings) != null;
    }

    private static boolean awaited(Draft d, String modelId) {
        return d.gateway.read().values().stream().anyMatch(e -> !e.running() && e.modelId().equals(modelId));
    }
}
