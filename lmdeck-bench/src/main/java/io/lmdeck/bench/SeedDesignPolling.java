package io.lmdeck.bench;

import java.util.Random;

/**
 * How long the seed design took to show a finished load: the backend polled LM Studio every 2 s and the UI
 * polled the backend every 10 s, with unrelated phases. From the moment the load finishes, the backend notices
 * at its next poll (uniform on 0–2 s), and the UI at its next poll after that (uniform on 0–10 s, independent):
 * the delay is the sum U(0,2) + U(0,10). Closed form: median 6 s; P(delay > t) = (12 − t)² / 40 for t in
 * [10, 12], so p99 = 12 − √0.4 ≈ 11.37 s. {@link #simulate} replays the actual poll schedules as a check.
 */
final class SeedDesignPolling {
    static final double BACKEND_POLL_MS = 2_000;
    static final double UI_POLL_MS = 10_000;
    static final double MEDIAN_MS = 6_000;
    static final double P99_MS = 12_000 - Math.sqrt(0.4) * 1_000;

    private SeedDesignPolling() {
    }

    /** Delays (ms) for {@code loads} loads finishing at random times against randomly phased poll schedules. */
    static Samples simulate(int loads, long seed) {
        Random random = new Random(seed);
        Samples delays = new Samples();
        for (int i = 0; i < loads; i++) {
            double backendPhase = random.nextDouble() * BACKEND_POLL_MS;
            double uiPhase = random.nextDouble() * UI_POLL_MS;
            double finished = 100_000 + random.nextDouble() * 100_000;
            double backendSees = nextTick(backendPhase, BACKEND_POLL_MS, finished);
            double uiSees = nextTick(uiPhase, UI_POLL_MS, backendSees);
            delays.add(uiSees - finished);
        }
        return delays;
    }

    /** The first poll of a schedule {@code phase + k·period} at or after {@code time}. */
    private static double nextTick(double phase, double period, double time) {
        return phase + Math.ceil((time - phase) / period) * period;
    }
}
