package io.lmdeck.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, sizes and times read in the CLI's output. */
final class Human {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY_AND_CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Human() {
    }

    /**
     * The CLI's one size format: decimal units as LM Studio shows sizes (1 GB = 10^9 bytes), three significant
     * digits: {@code 4.69 GB}, {@code 19.8 GB}, {@code 128 GB}.
     */
    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        do {
            value /= 1000;
            unit++;
        } while (threeDigits(value) >= 1000 && unit < units.length - 1); // 999.9 MB reads 1.00 GB, not 1000 MB
        double shown = threeDigits(value);
        String pattern = shown >= 100 ? "%.0f %s" : shown >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, shown, units[unit]);
    }

    private static double threeDigits(double value) {
        double scale = value >= 100 ? 1 : value >= 10 ? 10 : 100;
        return Math.round(value * scale) / scale;
    }

    /** {@code 6.2 s}, {@code 1 min 05 s}, {@code 2 h 03 min}. */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }

    /** {@code 12 s ago}, {@code 5 min ago}, {@code 3 h ago}, {@code 2 d ago}. */
    static String ago(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }

    /** A local wall-clock time; with the date when it is not today. */
    static String time(Instant at, Instant now, ZoneId zone) {
        boolean today = at.atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
        return (today ? CLOCK : DAY_AND_CLOCK).format(at.atZone(zone));
    }

    static Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String percent(double ratio) {
        return Math.round(Math.max(0, Math.min(1, ratio)) * 100) + "%";
    }
}
