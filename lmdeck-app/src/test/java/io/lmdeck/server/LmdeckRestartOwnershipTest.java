package io.lmdeck.server;

import static io.lmdeck.server.RunningLmdeck.LARGE_MODEL;
import static io.lmdeck.server.RunningLmdeck.OTHER_MODEL;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * lmdeck restarted on the same data directory while LM Studio keeps its models: what lmdeck loaded is still
 * {@code lmdeck}'s (and replaced by the next swap), what another app loaded stays {@code external}.
 */
class LmdeckRestartOwnershipTest {
    @AutoClose
    private final RunningLmdeck deck = RunningLmdeck.start();

    @Test
    void afterARestartLmdecksOwnLoadIsStillLmdecksAndASwapUnloadsItButNotTheExternalOne() {
        deck.loadAndAwaitReady(SMALL_MODEL);
        deck.sim().loadExternally(LARGE_MODEL);
        await().atMost(Duration.ofSeconds(20)).until(() -> loadedBy().containsKey(LARGE_MODEL));

        deck.restartServer();
        deck.awaitReady(SMALL_MODEL);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(loadedBy())
                .containsEntry(SMALL_MODEL, "lmdeck").containsEntry(LARGE_MODEL, "external"));

        deck.loadAndAwaitReady(OTHER_MODEL);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(loadedBy())
                .containsOnlyKeys(OTHER_MODEL, LARGE_MODEL).containsEntry(OTHER_MODEL, "lmdeck"));
        assertThat(deck.sim().instances()).extracting(i -> i.modelKey())
                .containsExactlyInAnyOrder(OTHER_MODEL, LARGE_MODEL);
    }

    /** model_id → loaded_by of every instance in lmdeck's status. */
    private Map<String, String> loadedBy() {
        Map<String, String> owners = new HashMap<>();
        for (JsonNode instance : deck.status().path("loaded")) {
            owners.put(instance.path("model_id").asText(), instance.path("loaded_by").asText());
        }
        return owners;
    }
}
