package io.lmdeck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Measured values of one metric (milliseconds, requests/s, …) and their order statistics. */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    void addAll(Samples other) {
        values.addAll(other.values);
    }

    int count() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }

    double max() {
        return percentile(100);
    }

    double min() {
        return percentile(0);
    }

    /** Nearest-rank percentile: with few samples p99 is the largest one, never an interpolated guess. */
    double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        if (p <= 0) {
            return sorted[0];
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double millisSince(long startNanos, long endNanos) {
        return (endNanos - startNanos) / 1e6;
    }
}
