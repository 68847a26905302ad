package io.lmdeck.lifecycle;

import io.lmdeck.events.EventPublisher;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the lifecycle owner. */
public final class ModelLifecycles {
    private ModelLifecycles() {
    }

    /**
     * Starts the owner thread: it reads LM Studio's state at once (nothing is assumed), polls it every
     * {@code settings.pollInterval()}, and publishes every transition to {@code events}.
     * Instances found at start are lmdeck's own when {@code ownership} recalls lmdeck loading them, else another
     * program's. {@link ModelLifecycle#close()} stops it (models stay loaded in LM Studio).
     */
    public static ModelLifecycle start(LmStudioPort port, EventPublisher events, LoadHistory history,
                                       OwnershipHistory ownership, Clock clock, LifecycleSettings settings) {
        return start(port, events, history, ownership, clock, settings, GatewayPresets.NONE);
    }

    /**
     * As above; the gateway's loads and slots follow each model's preset from {@code presets}.
     */
    public static ModelLifecycle start(LmStudioPort port, EventPublisher events, LoadHistory history,
                                       OwnershipHistory ownership, Clock clock, LifecycleSettings settings,
                                       GatewayPresets presets) {
        Objects.requireNonNull(presets, "presets");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(ownership, "ownership");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        ExecutorService mailbox = Executors.newSingleThreadExecutor(daemon("lmdeck-lifecycle"));
        ExecutorService io = Executors.newCachedThreadPool(daemon("lmdeck-lifecycle-io"));
        LifecycleOwner owner = new LifecycleOwner(port, events, history, ownership, clock, settings, mailbox, io,
                Timers.scheduled(), () -> {
                    mailbox.shutdown();
                    io.shutdown();
                }, presets);
        owner.start();
        return owner;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
