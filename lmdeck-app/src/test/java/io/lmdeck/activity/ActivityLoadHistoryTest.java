package io.lmdeck.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ETA input: typical load durations from the activity log's completed loads. */
class ActivityLoadHistoryTest {
    @TempDir
    Path dataDir;
    ActivityLog log;
    ActivityLoadHistory history;
    long nextId = 1;

    @BeforeEach
    void open() {
        log = ActivityLogs.open(ActivityStoreOptions.sqlite(dataDir));
        history = new ActivityLoadHistory(log);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private void completed(String model, Integer contextLength, long durationMs) {
        Map<String, Object> details = new HashMap<>();
        details.put("duration_ms", durationMs);
        if (contextLength != null) {
            details.put("context_length", contextLength);
        }
        long id = nextId++;
        log.append(new LifecycleEvent(id, EventType.MODEL_LOADING_COMPLETE, SampleEvents.T0.plusSeconds(id), model,
                "op-" + id, Cause.USER, "LM Studio: Model Ready", details));
    }

    @Test
    void no_history_means_no_estimate() {
        completed("other", 4096, 1_000);
        assertThat(history.typicalLoadDuration("llama", 4096)).isEmpty();
    }

    @Test
    void the_median_of_the_model_loads_with_the_same_context_length_wins() {
        completed("llama", 4096, 4_000);
        completed("llama", 32768, 20_000);
        completed("llama", 4096, 6_000);
        completed("llama", 32768, 22_000);
        completed("llama", 4096, 5_000);
        completed("llama", 32768, 90_000);
        completed("qwen", 4096, 1_000);
        assertThat(history.typicalLoadDuration("llama", 4096)).contains(Duration.ofMillis(5_000));
        assertThat(history.typicalLoadDuration("llama", 32768)).contains(Duration.ofMillis(22_000));
    }

    @Test
    void another_context_length_falls_back_to_all_loads_of_the_model() {
        completed("llama", 4096, 4_000);
        completed("llama", 32768, 20_000);
        completed("llama", null, 8_000);
        completed("llama", 8192, 10_000);
        assertThat(history.typicalLoadDuration("llama", 16384)).contains(Duration.ofMillis(9_000));
        assertThat(history.typicalLoadDuration("llama", null)).contains(Duration.ofMillis(9_000));
    }

    @Test
    void only_the_recent_loads_count() {
        for (int i = 0; i < 30; i++) {
            completed("llama", 4096, 100_000);
        }
        for (int i = 0; i < ActivityLoadHistory.RECENT; i++) {
            completed("llama", 4096, 3_000);
        }
        assertThat(history.typicalLoadDuration("llama", 4096)).contains(Duration.ofMillis(3_000));
    }
}
