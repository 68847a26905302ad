package io.lmdeck.lmstudio.sim.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Failures injected per model key, each for a number of loads or until cleared. Thread-safe. */
final class FailureInjector {
    private static final int FOREVER = -1;

    private record Injected(FailureMode mode, int remaining) {}

    private final Map<String, Injected> byModel = new LinkedHashMap<>();

    synchronized void inject(String modelKey, FailureMode mode, int times) {
        if (times == 0 || times < FOREVER) throw new IllegalArgumentException("times must be positive (or -1 for always)");
        byModel.put(modelKey, new Injected(mode, times));
    }

    synchronized void injectAlways(String modelKey, FailureMode mode) {
        byModel.put(modelKey, new Injected(mode, FOREVER));
    }

    /** The failure the next load of this model gets, counting it down; null when none. */
    synchronized FailureMode take(String modelKey) {
        Injected i = byModel.get(modelKey);
        if (i == null) return null;
        if (i.remaining() == 1) byModel.remove(modelKey);
        else if (i.remaining() > 1) byModel.put(modelKey, new Injected(i.mode(), i.remaining() - 1));
        return i.mode();
    }

    synchronized void clear(String modelKey) {
        byModel.remove(modelKey);
    }

    synchronized void clear() {
        byModel.clear();
    }

    synchronized Map<String, FailureMode> snapshot() {
        Map<String, FailureMode> out = new LinkedHashMap<>();
        byModel.forEach((k, v) -> out.put(k, v.mode()));
        return Map.copyOf(out);
    }
}
