package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.LoadState;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.rest.RestModelParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogMergerTest {
    private final List<ModelInfo> v1 = RestModelParser.v1Models(Golden.read("v1-models-quirk.json"));
    private final List<ModelInfo> v0 = RestModelParser.v0Models(Golden.read("v0-models-quirk.json"));

    @Test
    void modelThatV1ShowsWithoutInstancesButV0ShowsLoadedIsLoaded() {
        List<ModelInfo> merged = CatalogMerger.merge(v1, v0, null);

        ModelInfo qwen = merged.get(0);
        assertThat(qwen.key()).isEqualTo("qwen/qwen3-4b-2507");
        assertThat(qwen.state()).isEqualTo(LoadState.LOADED);
        assertThat(qwen.loadedInstances()).extracting(LoadedInstance::instanceId)
                .containsExactly("qwen/qwen3-4b-2507", "qwen/qwen3-4b-2507:2");
        assertThat(qwen.displayName()).as("catalogue details still come from v1").isEqualTo("Qwen3 4B 2507");
        assertThat(qwen.sizeBytes()).isEqualTo(2497280000L);
    }

    @Test
    void v0LoadingStateIsKept() {
        List<ModelInfo> merged = CatalogMerger.merge(v1, v0, null);

        assertThat(merged.get(1).state()).isEqualTo(LoadState.LOADING);
    }

    @Test
    void websocketInstancesAreTheTruthWhenKnown() {
        LoadedInstance ws = new LoadedInstance("qwen/qwen3-4b-2507", "qwen/qwen3-4b-2507", ModelDomain.LLM, 8192, 4, null,
                null, 600_000L, null, null, "ref-1");

        List<ModelInfo> merged = CatalogMerger.merge(v1, v0, List.of(ws));

        assertThat(merged.get(0).loadedInstances()).singleElement().satisfies(i -> {
            assertThat(i.instanceId()).isEqualTo("qwen/qwen3-4b-2507");
            assertThat(i.ttlMs()).isEqualTo(600_000L);
        });
    }

    @Test
    void onlyV0OnOldServers() {
        List<ModelInfo> merged = CatalogMerger.merge(List.of(), v0, null);

        assertThat(merged).extracting(ModelInfo::key).containsExactly("qwen/qwen3-4b-2507", "gemma-3-270m-it-qat");
        assertThat(merged.get(0).loadedInstances()).hasSize(2);
    }

    @Test
    void closeMatchesSuggestSimilarKeys() {
        List<String> keys = List.of("qwen/qwen3-4b-2507", "google/gemma-4-26b-a4b", "gemma-3-270m-it-qat");

        assertThat(CloseMatches.to("qwen3-4b", keys)).first().isEqualTo("qwen/qwen3-4b-2507");
        assertThat(CloseMatches.to("gemma-3-270m-it", keys)).first().isEqualTo("gemma-3-270m-it-qat");
        assertThat(CloseMatches.to("zzzzzz", keys)).isEmpty();
    }
}
