package io.lmdeck.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.http.fakes.FakeJournal;
import io.lmdeck.http.fakes.FakeLifecycle;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load and unload metrics of contract §6, from the events they are recorded from. */
class LmdeckMetricsTest {
    private static final String MODEL = "qwen/qwen3-8b";
    private static final Instant AT = Instant.parse("2026-12-03T21:00:00Z");

    @Test
    void loadsAreTimedAndUnloadsCountedByTheirReason() {
        FakeJournal journal = new FakeJournal();
        try (LmdeckMetrics metrics = new LmdeckMetrics(new FakeLifecycle(journal), journal)) {
            metrics.record(event(EventType.MODEL_LOADING_COMPLETE, Cause.USER, Map.of("duration_ms", 6200)));
            metrics.record(event(EventType.MODEL_UNLOADED, Cause.TTL, Map.of("reason", "idle_ttl")));
            metrics.record(event(EventType.MODEL_UNLOADED, Cause.GATEWAY, Map.of("reason", "evicted")));
            metrics.record(event(EventType.MODEL_UNLOADED, Cause.USER, Map.of()));
            metrics.record(event(EventType.MODEL_UNLOADED_EXTERNALLY, Cause.EXTERNAL, Map.of()));
            metrics.record(event(EventType.MODEL_UNLOADED_EXTERNALLY, Cause.TTL, Map.of()));
            metrics.record(event(EventType.MODEL_UNLOADED, Cause.USER, Map.of("reason", "Free text, not a code")));

            String scrape = metrics.scrape();
            String labels = "host=\"default\",model=\"" + MODEL + "\"";
            assertThat(scrape)
                    .contains("lmdeck_model_load_seconds_count{" + labels + "} 1")
                    .contains("lmdeck_model_load_seconds_sum{" + labels + "} 6.2")
                    .contains("lmdeck_model_load_seconds_bucket{" + labels + ",le=")
                    .contains("lmdeck_model_unloads_total{" + labels + ",reason=\"idle_ttl\"} 2.0")
                    .contains("lmdeck_model_unloads_total{" + labels + ",reason=\"evicted\"} 1.0")
                    .contains("lmdeck_model_unloads_total{" + labels + ",reason=\"user\"} 1.0")
                    .contains("lmdeck_model_unloads_total{" + labels + ",reason=\"external\"} 1.0")
                    .contains("lmdeck_model_unloads_total{" + labels + ",reason=\"other\"} 1.0");
        }
    }

    private static LifecycleEvent event(EventType type, Cause cause, Map<String, Object> details) {
        return LifecycleEvent.draft(type, AT, MODEL, type == EventType.MODEL_LOADING_COMPLETE ? "op_1" : null, cause,
                "test", details);
    }
}
