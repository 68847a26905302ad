package io.lmdeck.cli;

import io.lmdeck.activity.Retention;
import java.time.Duration;

/**
 * The activity log's retention as {@code serve} is told it: {@code --retention-days} / {@code --retention-rows},
 * else env {@code LMDECK_RETENTION_DAYS} / {@code LMDECK_RETENTION_ROWS}, else the log's own defaults.
 * Both limits always apply. 0 ("no limit") is refused rather than accepted: without a limit the log grows until
 * the disk is full, and the upper bounds (100 years, 100 million events) already stand for "keep everything"
 * while still catching typos and overflowing numbers.
 */
final class RetentionLimits {
    /** {@link Retention#DEFAULT_MAX_AGE} in days, as a constant the help text can name. */
    static final long DEFAULT_DAYS = 90;
    static final long DEFAULT_ROWS = Retention.DEFAULT_MAX_ROWS;
    static final long MAX_DAYS = 36_500;
    static final long MAX_ROWS = 100_000_000;
    static final String DAYS_ENV = "LMDECK_RETENTION_DAYS";
    static final String ROWS_ENV = "LMDECK_RETENTION_ROWS";

    private RetentionLimits() {
    }

    /**
     * @param daysOption the {@code --retention-days} value as typed, or null when absent
     * @param rowsOption the {@code --retention-rows} value as typed, or null when absent
     * @throws CliFailure a usage error naming the option (or variable), the allowed range and the bad value
     */
    static Retention of(String daysOption, String rowsOption, CliContext context) {
        long days = limit("--retention-days", daysOption, DAYS_ENV, context, DEFAULT_DAYS, MAX_DAYS, "days");
        long rows = limit("--retention-rows", rowsOption, ROWS_ENV, context, DEFAULT_ROWS, MAX_ROWS, "events");
        return new Retention(Duration.ofDays(days), rows, Retention.DEFAULT_PRUNE_EVERY);
    }

    private static long limit(String option, String optionValue, String envName, CliContext context, long fallback,
                              long max, String unit) {
        String source = optionValue != null ? option : envName;
        String value = optionValue != null ? optionValue : context.env(envName);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException notAWholeNumber) {
            parsed = -1; // reported below, like any other value out of range
        }
        if (parsed >= 1 && parsed <= max) {
            return parsed;
        }
        String hint = parsed == 0 ? "; retention cannot be switched off, a larger number keeps more" : "";
        throw CliFailure.usage(source + " must be a whole number of " + unit + " from 1 to " + max + " (got '"
                + value + "')" + hint);
    }
}
