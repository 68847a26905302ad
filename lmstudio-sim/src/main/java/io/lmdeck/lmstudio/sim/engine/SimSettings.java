package io.lmdeck.lmstudio.sim.engine;

import java.time.Duration;

/** The knobs of the simulated LM Studio that can change while it runs. Thread-safe (volatile fields). */
public final class SimSettings {
    private volatile double loadSecondsPerGb;
    private volatile boolean jit;
    private volatile long memoryBudgetBytes;
    private volatile boolean autoEvict = true;
    private volatile Duration jitDefaultTtl = Duration.ofMinutes(60);
    private volatile boolean emptyLoadedInstancesBug;
    private volatile boolean oldServer;
    private volatile int unknownRouteStatus = 200;
    private volatile long tokenDelayMillis = 15;
    private volatile boolean singleModelAnswersAnyName;
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile Integer contextLengthLimit;

    public SimSettings(double loadSecondsPerGb, boolean jit, long memoryBudgetBytes) {
        loadSecondsPerGb(loadSecondsPerGb);
        this.jit = jit;
        memoryBudgetBytes(memoryBudgetBytes);
    }

    /** An independent copy of the current values. */
    public SimSettings copy() {
        SimSettings c = new SimSettings(loadSecondsPerGb, jit, memoryBudgetBytes);
        c.copyFrom(this);
        return c;
    }

    /** Takes every value from {@code other}. */
    public void copyFrom(SimSettings other) {
        loadSecondsPerGb = other.loadSecondsPerGb;
        jit = other.jit;
        memoryBudgetBytes = other.memoryBudgetBytes;
        autoEvict = other.autoEvict;
        jitDefaultTtl = other.jitDefaultTtl;
        emptyLoadedInstancesBug = other.emptyLoadedInstancesBug;
        oldServer = other.oldServer;
        unknownRouteStatus = other.unknownRouteStatus;
        tokenDelayMillis = other.tokenDelayMillis;
        singleModelAnswersAnyName = other.singleModelAnswersAnyName;
        responseDelay = other.responseDelay;
        contextLengthLimit = other.contextLengthLimit;
    }

    public double loadSecondsPerGb() { return loadSecondsPerGb; }

    public void loadSecondsPerGb(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw new IllegalArgumentException("load seconds per GB must be >= 0");
        loadSecondsPerGb = value;
    }

    public boolean jit() { return jit; }

    public void jit(boolean value) { jit = value; }

    public long memoryBudgetBytes() { return memoryBudgetBytes; }

    public void memoryBudgetBytes(long value) {
        if (value <= 0) throw new IllegalArgumentException("memory budget must be positive");
        memoryBudgetBytes = value;
    }

    public boolean autoEvict() { return autoEvict; }

    public void autoEvict(boolean value) { autoEvict = value; }

    public Duration jitDefaultTtl() { return jitDefaultTtl; }

    public void jitDefaultTtl(Duration value) { jitDefaultTtl = value; }

    /** When true, REST v1 lists {@code loaded_instances: []} even for loaded models (a defect of real LM Studio). */
    public boolean emptyLoadedInstancesBug() { return emptyLoadedInstancesBug; }

    public void emptyLoadedInstancesBug(boolean value) { emptyLoadedInstancesBug = value; }

    /** When true the server behaves like LM Studio 0.3.x: no {@code /api/v1} routes. */
    public boolean oldServer() { return oldServer; }

    public void oldServer(boolean value) { oldServer = value; }

    /** HTTP status for "Unexpected endpoint or method" (LM Studio usually says 200; one capture shows 404). */
    public int unknownRouteStatus() { return unknownRouteStatus; }

    public void unknownRouteStatus(int value) { unknownRouteStatus = value; }

    /**
     * When true, with exactly one instance loaded an inference request naming an unknown model is answered by that
     * instance (LM Studio 0.3.14 quirk, bug-tracker #619) instead of failing or JIT-loading.
     */
    public boolean singleModelAnswersAnyName() { return singleModelAnswersAnyName; }

    public void singleModelAnswersAnyName(boolean value) { singleModelAnswersAnyName = value; }

    /** Delay between streamed tokens. */
    public long tokenDelayMillis() { return tokenDelayMillis; }

    public void tokenDelayMillis(long value) { tokenDelayMillis = Math.max(0, value); }

    /** How long every REST request and websocket message waits before it is handled (a busy LM Studio). */
    public Duration responseDelay() { return responseDelay; }

    public void responseDelay(Duration value) {
        if (value == null || value.isNegative()) throw new IllegalArgumentException("response delay must be >= 0");
        responseDelay = value;
    }

    /**
     * At most this many tokens of context in any load, whatever the load asks (null: no limit), as when LM Studio
     * loads a model with less context than asked (its memory guardrail, a model's own cap): the loaded instance
     * reports the context it really got, so a client can see the difference.
     */
    public Integer contextLengthLimit() { return contextLengthLimit; }

    public void contextLengthLimit(Integer value) {
        if (value != null && value < 1) throw new IllegalArgumentException("context length limit must be positive");
        contextLengthLimit = value;
    }

    /** Waits the {@link #responseDelay()} on the calling (request) thread. */
    public void awaitResponseDelay() {
        long millis = responseDelay.toMillis();
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
