package io.lmdeck.bench;

/**
 * One line of the bench table: a measured metric, what it is compared with, and the target.
 *
 * @param bench    which benchmark (latency, load, chat, fanout, status, footprint)
 * @param metric   what was measured, in words
 * @param unit     ms, req/s, MB, tokens/s …
 * @param samples  how many measurements the figures summarise
 * @param median   lmdeck's median (or the single value)
 * @param p99      lmdeck's 99th percentile (nearest rank), null for single values
 * @param baseline the figure it is compared with (seed design, direct to the simulator), null when none
 * @param ratio    the comparison as the issue states it (e.g. lmdeck/direct, baseline/lmdeck), null when none
 * @param target   the target, in words
 * @param met      whether the target is met, null when there is no target
 * @param note     how the figure was obtained
 */
record Figure(String bench, String metric, String unit, int samples, double median, Double p99, Double baseline,
              Double ratio, String target, Boolean met, String note) {

    static Figure of(String bench, String metric, String unit, Samples s) {
        return new Figure(bench, metric, unit, s.count(), s.median(), s.count() > 1 ? s.p99() : null, null, null,
                null, null, null);
    }

    static Figure single(String bench, String metric, String unit, double value) {
        return new Figure(bench, metric, unit, 1, value, null, null, null, null, null, null);
    }

    Figure comparedWith(double baselineValue, double ratioValue) {
        return new Figure(bench, metric, unit, samples, median, p99, baselineValue, ratioValue, target, met, note);
    }

    Figure target(String text, boolean isMet) {
        return new Figure(bench, metric, unit, samples, median, p99, baseline, ratio, text, isMet, note);
    }

    Figure note(String text) {
        return new Figure(bench, metric, unit, samples, median, p99, baseline, ratio, target, met, text);
    }
}
