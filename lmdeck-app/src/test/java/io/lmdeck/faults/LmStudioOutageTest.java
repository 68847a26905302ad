package io.lmdeck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.SseReader;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LM Studio (the simulator) goes away in the middle of a load, then comes back. */
@Timeout(60)
class LmStudioOutageTest {
    /** 8.7 GB at 0.5 s/GB: a load that is certainly still running when LM Studio disappears. */
    private static final String SLOW_MODEL = "qwen/qwen3-8b";

    private LmStudioSimulator sim;
    @AutoClose
    private Deck deck;

    @Test
    void aLoadFailsAsOfflineWithinFiveSecondsAndStateIsReconciledWhenLmStudioReturns() {
        deck = Deck.start(0.5);
        sim = deck.sim();
        try (SseReader events = deck.http().sse("/api/events")) {
            events.await("snapshot");
            String operation = deck.load(SLOW_MODEL).path("operation_id").asText();
            events.await(f -> f.event().equals("model_loading_progress") && f.data().contains(operation), Duration.ofSeconds(10));

            long offlineAt = System.nanoTime();
            sim.control().goOffline();

            SseReader.Frame failed = events.await(f -> f.event().equals("model_loading_failed") && f.data().contains(operation),
                    Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - offlineAt)).isLessThan(Duration.ofSeconds(5));
            assertThat(Json.parse(failed.data()).path("details").path("code").asText()).isEqualTo("lmstudio_offline");
            Duration left = Duration.ofSeconds(5).minusNanos(System.nanoTime() - offlineAt);
            assertThat(left).isPositive();
            await().atMost(left).untilAsserted(() -> {
                JsonNode status = deck.status();
                assertThat(status.path("online").asBoolean()).isFalse();
                assertThat(status.path("status").asText()).isEqualTo("offline");
                assertThat(status.path("loading").isNull()).isTrue();
            });
            JsonNode catalog = deck.catalog();
            assertThat(catalog.path("online").asBoolean()).isFalse();
            assertThat(catalog.path("stale").asBoolean()).isTrue();
            assertThat(Json.texts(catalog.path("models"), "state")).doesNotContain("loading");
            // While LM Studio is away, a load is refused at once with the reason, not queued forever.
            assertThat(deck.http().post("/api/models/lmstudio/load", "{\"model_id\":\"" + Sims.SMALL_MODEL + "\"}").statusCode())
                    .isEqualTo(503);

            sim.control().goOnline();
            events.await(f -> f.event().equals("lmstudio_online"), Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode status = deck.status();
                assertThat(status.path("online").asBoolean()).isTrue();
                assertThat(status.path("loading").isNull()).isTrue();
                assertThat(Json.texts(status.path("loaded"), "instance_id"))
                        .containsExactlyInAnyOrderElementsOf(Sims.instanceIds(sim));
                assertThat(sim.control().loading()).isEmpty();
            });
            assertThat(Json.texts(deck.catalog().path("models"), "state")).doesNotContain("loading");

            // Recovered for real: the next load goes through.
            String next = deck.load(Sims.SMALL_MODEL).path("operation_id").asText();
            events.await(f -> f.event().equals("model_loading_complete") && f.data().contains(next), Duration.ofSeconds(15));
            assertThat(Sims.instanceIds(sim)).contains(Sims.SMALL_MODEL);
        }
    }
}
