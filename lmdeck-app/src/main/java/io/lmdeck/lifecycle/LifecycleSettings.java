package io.lmdeck.lifecycle;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the lifecycle. Start from {@link #defaults(URI)} and adjust with the {@code with…} methods.
 *
 * @param baseUrl            LM Studio's URL as shown in the status (never carries a token)
 * @param pollInterval       how often LM Studio's real state is re-read (reconciliation)
 * @param stallLimit         a load that reports progress but makes none for this long fails as {@code stalled}
 * @param loadTimeout        a load without progress reports (REST) that takes longer fails as {@code stalled}
 * @param drainTimeout       how long an unload waits for running chats before it unloads anyway
 * @param progressInterval   minimum time between two progress events of one operation
 * @param loadBytesPerSecond ETA for a model with no load history: size divided by this
 * @param memoryBudgetBytes  optional cap on what loaded models may take (null: host memory decides)
 * @param hostMemory         where host memory figures come from
 * @param gateway            the gateway's admission (contract §6): slots, its drain bound and the swap fairness
 * @param evictExternal      lmdeck may also unload instances other programs loaded, for a preset's idle TTL (and
 *                           eviction): {@code --evict-external}; by default it only unloads its own
 */
public record LifecycleSettings(
        String baseUrl,
        Duration pollInterval,
        Duration stallLimit,
        Duration loadTimeout,
        Duration drainTimeout,
        Duration progressInterval,
        long loadBytesPerSecond,
        Long memoryBudgetBytes,
        HostMemory hostMemory,
        Gateway gateway,
        boolean evictExternal) {

    /**
     * @param parallelDefault requests that run at once on one instance unless its preset says otherwise
     * @param drainTimeout    how long an unload waits for running gateway requests (chat keeps its own)
     * @param fairness        no queued request waits longer than this behind later requests for other models
     */
    public record Gateway(int parallelDefault, Duration drainTimeout, Duration fairness) {
        public static final Gateway DEFAULTS = new Gateway(4, Duration.ofSeconds(120), Duration.ofSeconds(30));

        public Gateway {
            if (parallelDefault < 1) {
                throw new IllegalArgumentException("gatewayParallelDefault must be at least 1");
            }
            requirePositive(drainTimeout, "gatewayDrainTimeout");
            requirePositive(fairness, "fairness");
        }
    }

    public LifecycleSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        requirePositive(pollInterval, "pollInterval");
        requirePositive(stallLimit, "stallLimit");
        requirePositive(loadTimeout, "loadTimeout");
        requirePositive(drainTimeout, "drainTimeout");
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (loadBytesPerSecond <= 0) {
            throw new IllegalArgumentException("loadBytesPerSecond must be positive");
        }
        Objects.requireNonNull(hostMemory, "hostMemory");
        Objects.requireNonNull(gateway, "gateway");
    }

    /** Poll every 3 s, stall after 120 s without progress, REST loads time out after 15 min, drain 30 s. */
    public static LifecycleSettings defaults(URI baseUrl) {
        return new LifecycleSettings(baseUrl.toString(), Duration.ofSeconds(3), Duration.ofSeconds(120),
                Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMillis(250), 1L << 30, null,
                HostMemory.forLmStudioAt(baseUrl), Gateway.DEFAULTS, false);
    }

    public LifecycleSettings withPollInterval(Duration value) {
        return new LifecycleSettings(baseUrl, value, stallLimit, loadTimeout, drainTimeout, progressInterval,
                loadBytesPerSecond, memoryBudgetBytes, hostMemory, gateway, evictExternal);
    }

    public LifecycleSettings withStallLimit(Duration value) {
        return new LifecycleSettings(baseUrl, pollInterval, value, loadTimeout, drainTimeout, progressInterval,
                loadBytesPerSecond, memoryBudgetBytes, hostMemory, gateway, evictExternal);
    }

    public LifecycleSettings withLoadTimeout(Duration value) {
        return new LifecycleSettings(baseUrl, pollInterval, stallLimit, value, drainTimeout, progressInterval,
                loadBytesPerSecond, memoryBudgetBytes, hostMemory, gateway, evictExternal);
    }

    public LifecycleSettings withDrainTimeout(Duration value) {
        return new LifecycleSettings(baseUrl, pollInterval, stallLimit, loadTimeout, value, progressInterval,
                loadBytesPerSecond, memoryBudgetBytes, hostMemory, gateway, evictExternal);
    }

    public LifecycleSettings withLoadBytesPerSecond(long value) {
        return new LifecycleSettings(baseUrl, pollInterval, stallLimit, loadTimeout, drainTimeout, progressInterval,
                value, memoryBudgetBytes, hostMemory, gateway, evictExternal);
    }

    public LifecycleSettings withMemoryBudgetBytes(Long value) {
        return new LifecycleSettings(baseUrl, pollInterval, stallLimit, loadTimeout, drainTimeout, progressInterval,
                loadBytesPerSecond, value, hostMemory, gateway, evictExternal);
    }

    public LifecycleSettings withHostMemory(HostMemory value) {
        return new LifecycleSettings(baseUrl, pollInterval, stallLimit, loadTimeout, drainTimeout, progressInterval,
                loadBytesPerSecond, memoryBudgetBytes, value, gateway, evictExternal);
    }

    public LifecycleSettings withGateway(Gateway value) {
        return new LifecycleSettings(baseUrl, pollInterval, stallLimit, loadTimeout, drainTimeout, progressInterval,
                loadBytesPerSecond, memoryBudgetBytes, hostMemory, value, evictExternal);
    }

    public LifecycleSettings withEvictExternal(boolean value) {
        return new LifecycleSettings(baseUrl, pollInterval, stallLimit, loadTimeout, drainTimeout, progressInterval,
                loadBytesPerSecond, memoryBudgetBytes, hostMemory, gateway, value);
    }

    /** Requests that run at once on one instance (LM Studio's default, 4), until presets give one per model. */
    public int gatewayParallelDefault() {
        return gateway.parallelDefault();
    }

    public Duration gatewayDrainTimeout() {
        return gateway.drainTimeout();
    }

    public Duration fairness() {
        return gateway.fairness();
    }

    static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
