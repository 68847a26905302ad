package io.lmdeck.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityLogs;
import io.lmdeck.activity.ActivityStoreOptions;
import io.lmdeck.activity.SampleEvents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Killing lmdeck (kill -9) right after events were announced loses none of them. */
class CrashSafetyTest {
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path dataDir;

    @Test
    void every_announced_event_is_in_the_sqlite_log_after_kill_minus_nine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingAppender.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<Long, String> acknowledged = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            String line;
            while (acknowledged.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                assertThat(parts[0]).isEqualTo("ack");
                acknowledged.put(Long.parseLong(parts[1]), parts[2]);
            }
            // Killed while it keeps publishing: later events are in flight, and only acknowledged ones count.
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).hasSize(ACKS_BEFORE_KILL);

        try (ActivityLog reopened = ActivityLogs.open(ActivityStoreOptions.sqlite(dataDir))) {
            List<LifecycleEvent> stored = new ArrayList<>();
            long cursor = 0;
            List<LifecycleEvent> page;
            do {
                page = reopened.after(cursor, 500);
                stored.addAll(page);
                cursor = page.isEmpty() ? cursor : page.get(page.size() - 1).id();
            } while (!page.isEmpty());
            Map<Long, String> storedOperations = stored.stream()
                    .collect(Collectors.toMap(LifecycleEvent::id, LifecycleEvent::operationId));
            assertThat(storedOperations).containsAllEntriesOf(acknowledged);
            assertThat(SampleEvents.ids(stored)).isSorted();
            assertThat(reopened.maxId()).isGreaterThanOrEqualTo(acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow());
        }
    }
}
