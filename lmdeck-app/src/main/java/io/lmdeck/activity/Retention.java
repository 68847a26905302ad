package io.lmdeck.activity;

import java.time.Duration;
import java.util.Objects;

/**
 * How much activity the log keeps: events younger than {@code maxAge}, and at most {@code maxRows} of them
 * (the newest). Pruning runs when the log opens and then every {@code pruneEvery}, in small batches so the
 * journal's appends are never held up for long. The newest row is always kept: the journal resumes its ids after it.
 */
public record Retention(Duration maxAge, long maxRows, Duration pruneEvery) {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);
    public static final long DEFAULT_MAX_ROWS = 100_000;
    public static final Duration DEFAULT_PRUNE_EVERY = Duration.ofHours(1);

    public Retention {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(pruneEvery, "pruneEvery");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("retention age must be positive, got " + maxAge);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("retention must keep at least 1 row, got " + maxRows);
        }
        if (pruneEvery.isNegative() || pruneEvery.isZero()) {
            throw new IllegalArgumentException("prune interval must be positive, got " + pruneEvery);
        }
    }

    /** 90 days, 100 000 rows, pruned hourly. */
    public static Retention defaults() {
        return new Retention(DEFAULT_MAX_AGE, DEFAULT_MAX_ROWS, DEFAULT_PRUNE_EVERY);
    }
}
