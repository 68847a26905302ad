package io.lmdeck.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The load's progress on stdout. On a terminal: one bar redrawn in place with {@code \r} (percentage, elapsed, ETA).
 * Otherwise (a pipe, a log file, CI): a plain line each time the load crosses another 10 %.
 */
final class LoadProgress {
    static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final Clock clock;
    private Instant startedAt;
    private Double progress;
    private Double etaSeconds;
    private int lastTenth;
    private int drawnLength;

    LoadProgress(PrintStream out, boolean terminal, String label, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** A load we joined started before we watched it: measure elapsed time from its real start. */
    void startedAt(Instant start) {
        if (start != null && start.isBefore(startedAt)) {
            startedAt = start;
        }
    }

    Duration elapsed() {
        return Duration.between(startedAt, clock.instant());
    }

    /** New figures from the server; {@code progress} (0..1) and {@code etaSeconds} may be null (unknown). */
    void update(Double newProgress, Double newEtaSeconds) {
        if (newProgress != null) {
            progress = Math.max(0, Math.min(1, newProgress));
        }
        etaSeconds = newEtaSeconds;
        if (terminal) {
            draw();
        } else if (progress != null) {
            int tenth = (int) Math.floor(progress * 10 + 1e-9);
            if (tenth > lastTenth && tenth < 10) {
                lastTenth = tenth;
                out.println(plainLine(label, tenth / 10.0, elapsed(), eta()));
            }
        }
    }

    /** Time passes without news: keep the elapsed time on the terminal current. */
    void tick() {
        if (terminal) {
            draw();
        }
    }

    /** Leaves the bar's line so the next message starts on a fresh one. */
    void finish() {
        if (terminal && drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            out.flush();
            drawnLength = 0;
        }
    }

    private Duration eta() {
        if (etaSeconds != null) {
            return Duration.ofMillis(Math.round(etaSeconds * 1000));
        }
        if (progress == null || progress < 0.02) {
            return null;
        }
        long elapsedMillis = elapsed().toMillis();
        return Duration.ofMillis(Math.round(elapsedMillis * (1 - progress) / progress));
    }

    private void draw() {
        String line = barLine(label, progress, elapsed(), eta());
        int pad = Math.max(0, drawnLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        drawnLength = line.length();
    }

    /** {@code Loading qwen3-8b  [██████████░░░░░░░░░░░░░░]  42%  2.1 s elapsed  ETA 2.9 s}. */
    static String barLine(String label, Double progress, Duration elapsed, Duration eta) {
        StringBuilder line = new StringBuilder("Loading ").append(label).append("  [");
        if (progress == null) {
            // No figures from LM Studio (REST): a marker that moves with time.
            int position = (int) ((elapsed.toMillis() / 250) % BAR_WIDTH);
            for (int i = 0; i < BAR_WIDTH; i++) {
                line.append(i == position ? '█' : '░');
            }
            line.append("]   …%");
        } else {
            int filled = (int) Math.round(progress * BAR_WIDTH);
            line.append("█".repeat(filled)).append("░".repeat(BAR_WIDTH - filled)).append("]  ");
            line.append(String.format(Locale.ROOT, "%3d%%", Math.round(progress * 100)));
        }
        line.append("  ").append(Human.duration(elapsed)).append(" elapsed");
        if (eta != null) {
            line.append("  ETA ").append(Human.duration(eta));
        }
        return line.toString();
    }

    /** {@code Loading qwen3-8b: 40% (2.1 s elapsed, ETA 2.9 s)}. */
    static String plainLine(String label, double progress, Duration elapsed, Duration eta) {
        return "Loading " + label + ": " + Human.percent(progress) + " (" + Human.duration(elapsed) + " elapsed"
                + (eta == null ? "" : ", ETA " + Human.duration(eta)) + ")";
    }
}
