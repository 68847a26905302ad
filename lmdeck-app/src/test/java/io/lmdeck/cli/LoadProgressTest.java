package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoadProgressTest {
    @Test
    void theBarShowsPercentageElapsedAndEta() {
        String line = LoadProgress.barLine("qwen3-8b", 0.5, Duration.ofMillis(3100), Duration.ofMillis(2900));
        assertThat(line).isEqualTo("Loading qwen3-8b  [████████████░░░░░░░░░░░░]   50%  3.1 s elapsed  ETA 2.9 s");
    }

    @Test
    void withoutFiguresTheBarStillMovesAndShowsElapsedTime() {
        String line = LoadProgress.barLine("qwen3-8b", null, Duration.ofSeconds(2), null);
        assertThat(line).contains("…%", "2.0 s elapsed").doesNotContain("ETA");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoadProgress progress = new LoadProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true,
                "qwen3-8b", Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC));
        progress.update(0.1, 9.0);
        progress.update(0.2, 8.0);
        progress.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\rLoading qwen3-8b  [").contains(" 10%", " 20%", "ETA 8.0 s").doesNotContain("\n");
    }

    @Test
    void withoutATerminalItPrintsOneLinePerTenPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T07:00:00Z"));
        LoadProgress progress = new LoadProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                "qwen3-8b", clock);
        for (int i = 1; i <= 40; i++) {
            clock.advance(Duration.ofMillis(100));
            progress.update(i / 40.0, null);
            progress.tick();
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(9);
        assertThat(lines[0]).isEqualTo("Loading qwen3-8b: 10% (0.4 s elapsed, ETA 3.6 s)");
        assertThat(lines[8]).startsWith("Loading qwen3-8b: 90% (3.6 s elapsed");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r", "█");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
