package io.lmdeck.lmstudio.sim.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What tests count about inference traffic, so a gateway test can assert that something never happened: loads
 * started just in time by an inference request, requests in flight on each instance (now and at most), and unloads
 * or evictions of an instance while a request was in flight on it. Thread-safe.
 *
 * <p>A streamed request stays in flight until its last frame, or until the simulator finds its client gone: that
 * is at its next token write (the server learns of a closed connection only by writing to it), so up to two token
 * delays after the client left.
 */
public final class RequestCounters {
    /** Requests running on one instance identifier now, and the most that ever ran at once. */
    public record InFlight(int current, int highWater) {}

    /** An unload (by anyone: REST, websocket, the app, auto-evict) that hit an instance with requests in flight. */
    public record BusyUnload(String identifier, int inFlight) {}

    private final Map<String, int[]> inFlight = new LinkedHashMap<>();
    private final List<BusyUnload> busyUnloads = new ArrayList<>();
    private int jitLoads;

    synchronized void jitLoadStarted() {
        jitLoads++;
    }

    synchronized void begin(String identifier) {
        int[] n = inFlight.computeIfAbsent(identifier, k -> new int[2]);
        n[0]++;
        n[1] = Math.max(n[1], n[0]);
    }

    synchronized void end(String identifier) {
        int[] n = inFlight.get(identifier);
        if (n != null && n[0] > 0) n[0]--;
    }

    synchronized void unloaded(String identifier) {
        int[] n = inFlight.get(identifier);
        if (n != null && n[0] > 0) busyUnloads.add(new BusyUnload(identifier, n[0]));
    }

    /** Loads started by inference requests naming a model that was not loaded (OpenAI, Anthropic, REST chat, SDK getOrLoad). */
    public synchronized int jitLoads() {
        return jitLoads;
    }

    /** Per instance identifier, requests in flight now and the high-water mark, in first-seen order. */
    public synchronized Map<String, InFlight> inFlight() {
        Map<String, InFlight> out = new LinkedHashMap<>();
        inFlight.forEach((id, n) -> out.put(id, new InFlight(n[0], n[1])));
        return Collections.unmodifiableMap(out);
    }

    /** Requests in flight on this identifier now (0 when none ever ran). */
    public synchronized int inFlight(String identifier) {
        int[] n = inFlight.get(identifier);
        return n == null ? 0 : n[0];
    }

    /** The highest number of requests that ran at once on any single instance. */
    public synchronized int highWater() {
        int max = 0;
        for (int[] n : inFlight.values()) max = Math.max(max, n[1]);
        return max;
    }

    public synchronized List<BusyUnload> busyUnloads() {
        return List.copyOf(busyUnloads);
    }

    /** Starts counting afresh: JIT loads, busy unloads and high-water marks; requests still running stay counted. */
    public synchronized void reset() {
        jitLoads = 0;
        busyUnloads.clear();
        inFlight.values().removeIf(n -> n[0] == 0);
        for (int[] n : inFlight.values()) n[1] = n[0];
    }
}
