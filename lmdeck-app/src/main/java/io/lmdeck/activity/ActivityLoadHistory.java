package io.lmdeck.activity;

import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.lifecycle.LoadHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load durations from the activity log's {@code model_loading_complete} events (details {@code duration_ms},
 * {@code context_length}): the median of the most recent {@value #RECENT} loads of the model with the same
 * context length, or of all its recent loads when none used that context length.
 */
public final class ActivityLoadHistory implements LoadHistory {
    static final int RECENT = 20;
    private static final int SCANNED = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ActivityLoadHistory.class);
    private final ActivityLog log;

    public ActivityLoadHistory(ActivityLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public Optional<Duration> typicalLoadDuration(String modelId, Integer contextLength) {
        if (modelId == null) {
            return Optional.empty();
        }
        List<LifecycleEvent> completions;
        try {
            completions = log.page(new ActivityQuery(SCANNED, null, modelId, EventType.MODEL_LOADING_COMPLETE)).items();
        } catch (RuntimeException e) {
            // No history is better than a failed load: the ETA then comes from the model's size.
            LOG.warn("Load history unavailable: {}", e.getMessage());
            return Optional.empty();
        }
        List<Long> sameContext = new ArrayList<>();
        List<Long> any = new ArrayList<>();
        for (LifecycleEvent completion : completions) {
            Long durationMs = longDetail(completion, "duration_ms");
            if (durationMs == null || durationMs < 0) {
                continue;
            }
            if (any.size() < RECENT) {
                any.add(durationMs);
            }
            Long context = longDetail(completion, "context_length");
            if (contextLength != null && context != null && context.longValue() == contextLength
                    && sameContext.size() < RECENT) {
                sameContext.add(durationMs);
            }
        }
        List<Long> chosen = sameContext.isEmpty() ? any : sameContext;
        return chosen.isEmpty() ? Optional.empty() : Optional.of(Duration.ofMillis(median(chosen)));
    }

    private static Long longDetail(LifecycleEvent event, String key) {
        return event.details().get(key) instanceof Number number ? number.longValue() : null;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
