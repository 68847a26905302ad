package io.lmdeck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.SseReader;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LM Studio's known hang: progress stops at 99.9 % and the load never ends (a short stall limit here). */
@Timeout(60)
class LoadStallTest {
    private static final Duration STALL_LIMIT = Duration.ofSeconds(2);
    private static final String MODEL = "qwen/qwen3-4b-2507";

    private LmStudioSimulator sim;
    @AutoClose
    private Deck deck;

    @Test
    void aLoadStuckAtNinetyNineNinePercentFailsAsStalledAfterTheLimitAndLeavesNothingBehind() {
        deck = Deck.start(0.1, STALL_LIMIT);
        sim = deck.sim();
        sim.control().injectFailure(MODEL, FailureMode.HANG);
        try (SseReader events = deck.http().sse("/api/events")) {
            events.await("snapshot");
            String operation = deck.load(MODEL).path("operation_id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.control().loading().stream()
                    .anyMatch(l -> l.modelKey().equals(MODEL) && l.progress() >= 0.999));
            long stuckSince = System.nanoTime();

            SseReader.Frame failed = events.await(f -> f.event().equals("model_loading_failed") && f.data().contains(operation),
                    STALL_LIMIT.plusSeconds(5));
            Duration waited = Duration.ofNanos(System.nanoTime() - stuckSince);
            assertThat(Json.parse(failed.data()).path("details").path("code").asText()).isEqualTo("stalled");
            // Not before the limit (allowing for the last progress report arriving up to a tick before we saw 99.9 %).
            assertThat(waited).isGreaterThan(STALL_LIMIT.minusMillis(300));

            // Reconciled: the hung load is cancelled in LM Studio, nothing is loading or loaded, the model shows failed.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(sim.control().loading()).isEmpty();
                assertThat(Sims.instanceModels(sim)).doesNotContain(MODEL);
                JsonNode status = deck.status();
                assertThat(status.path("loading").isNull()).isTrue();
                assertThat(status.path("status").asText()).isNotEqualTo("loading");
                assertThat(status.path("last_error").path("code").asText()).isEqualTo("stalled");
                assertThat(modelState(MODEL)).isEqualTo("failed");
            });

            // The lane is free again: once LM Studio behaves, the same model loads.
            sim.control().clearFailures();
            String retry = deck.load(MODEL).path("operation_id").asText();
            events.await(f -> f.event().equals("model_loading_complete") && f.data().contains(retry), Duration.ofSeconds(15));
            assertThat(Sims.instanceModels(sim)).containsExactly(MODEL);
        }
    }

    private String modelState(String modelId) {
        for (JsonNode model : deck.catalog().path("models")) {
            if (model.path("model_id").asText().equals(modelId)) {
                return model.path("state").asText();
            }
        }
        throw new AssertionError(modelId + " is not in the catalogue");
    }
}
