package io.lmdeck.lifecycle;

import io.lmdeck.events.Cause;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a loaded instance is doing, as lifecycle state: idle, leased (by chats now; the gateway's requests will be
 * another {@link LeaseHolder}), draining (lmdeck wants it gone once its leases end, bounded), being unloaded, or
 * being cleaned up (the leftover of a load lmdeck gave up on).
 */
sealed interface InstanceUse {

    /** Loaded, nobody using it. */
    record Idle() implements InstanceUse {
    }

    /** In use: at least one lease. */
    record Leased(Leases leases) implements InstanceUse {
    }

    /**
     * lmdeck wants it unloaded but leases hold it: unloaded when the last ends, or at {@code deadline} anyway.
     * {@code forRequest}: the gateway request whose load needs the room, else null.
     */
    record Draining(Leases leases, Instant deadline, Cause cause, GatewayRequest forRequest) implements InstanceUse {
        Draining(Leases leases, Instant deadline, Cause cause) {
            this(leases, deadline, cause, null);
        }
    }

    /**
     * An unload is in flight; {@code cause} (and {@code forRequest}, the gateway request that caused it, or null) is
     * what the {@code model_unloaded} event will say.
     */
    record Unloading(Cause cause, GatewayRequest forRequest) implements InstanceUse {
        Unloading(Cause cause) {
            this(cause, null);
        }
    }

    /**
     * What landed of a load lmdeck cancelled, superseded or gave up on, being unloaded: if someone else unloaded it
     * first, that is no news worth an event.
     */
    record CleaningUp() implements InstanceUse {
    }

    /** Who holds leases on an instance, counted per kind of holder. */
    record Leases(Map<LeaseHolder, Integer> counts) {
        static final Leases NONE = new Leases(Map.of());

        public Leases {
            counts = Map.copyOf(counts);
        }

        int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        Leases plus(LeaseHolder holder) {
            Map<LeaseHolder, Integer> next = new EnumMap<>(LeaseHolder.class);
            next.putAll(counts);
            next.merge(holder, 1, Integer::sum);
            return new Leases(next);
        }

        Leases minus(LeaseHolder holder) {
            Map<LeaseHolder, Integer> next = new EnumMap<>(LeaseHolder.class);
            next.putAll(counts);
            next.computeIfPresent(holder, (h, n) -> n > 1 ? n - 1 : null);
            return new Leases(next);
        }
    }

    /** The leases an instance in this state has (none when idle, unloading or cleaning up). */
    default Leases leases() {
        if (this instanceof Leased leased) {
            return leased.leases();
        }
        return this instanceof Draining draining ? draining.leases() : Leases.NONE;
    }

    /** lmdeck is getting rid of it: draining, unloading or cleaning up. */
    default boolean leaving() {
        return this instanceof Draining || this instanceof Unloading || this instanceof CleaningUp;
    }

    /** An unload is in flight. */
    default boolean unloading() {
        return this instanceof Unloading || this instanceof CleaningUp;
    }
}
