package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.Golden;
import io.lmdeck.lmstudio.client.model.GpuOffloadRatio;
import io.lmdeck.lmstudio.client.model.LoadConfig;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelUsageEstimate;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SdkModelParserTest {

    @Test
    void realSdkInstancePayloadIsRead() {
        LoadedInstance i = SdkModelParser.instance(Golden.read("sdk-instance.json"));

        assertThat(i.instanceId()).isEqualTo("qwen3-8b");
        assertThat(i.modelKey()).isEqualTo("qwen3-8b");
        assertThat(i.type()).isEqualTo(ModelDomain.LLM);
        assertThat(i.contextLength()).isEqualTo(32768);
        assertThat(i.sizeBytes()).isEqualTo(8709518624L);
        assertThat(i.instanceReference()).isEqualTo("OdO6BqpmD+eu5898DBjJrOnA");
        assertThat(i.ttlMs()).isEqualTo(300000L);
        assertThat(i.lastUsedTime()).isEqualTo(1763900000000L);
    }

    @Test
    void realSdkModelPayloadIsRead() {
        ModelInfo m = SdkModelParser.model(Golden.read("sdk-instance.json"));

        assertThat(m.key()).isEqualTo("qwen3-8b");
        assertThat(m.displayName()).isEqualTo("Qwen3 8B");
        assertThat(m.path()).isEqualTo("lmstudio-community/Qwen3-8B-GGUF/Qwen3-8B-Q8_0.gguf");
        assertThat(m.quantization().name()).isEqualTo("Q8_0");
        assertThat(m.quantization().bitsPerWeight()).isEqualTo(8.0);
        assertThat(m.trainedForToolUse()).isTrue();
        assertThat(m.maxContextLength()).isEqualTo(32768);
    }

    @Test
    void estimateIsRead() {
        ModelUsageEstimate e = SdkModelParser.estimate(Golden.read("sdk-estimate.json"));

        assertThat(e.confidence()).isEqualTo("high");
        assertThat(e.totalBytes()).isEqualTo(5_200_000_000L);
        assertThat(e.totalVramBytes()).isEqualTo(5_200_000_000L);
        assertThat(e.passesGuardrails()).isFalse();
    }

    @Test
    void loadConfigBecomesTheSdkKvFields() {
        LoadConfig config = LoadConfig.defaults().withContextLength(8192).withGpuOffload(GpuOffloadRatio.maximum())
                .withParallel(2).withFlashAttention(true);

        Map<String, JsonNode> fields = fields(LoadConfigStackWriter.write(config, ModelDomain.LLM, Golden.JSON));

        assertThat(fields.get("llm.load.contextLength").asInt()).isEqualTo(8192);
        assertThat(fields.get("llm.load.llama.acceleration.offloadRatio").asDouble()).isEqualTo(1.0);
        assertThat(fields.get("llm.load.numParallelSessions").asInt()).isEqualTo(2);
        assertThat(fields.get("llm.load.llama.flashAttention").asBoolean()).isTrue();
    }

    @Test
    void embeddingLoadConfigUsesTheEmbeddingPrefix() {
        LoadConfig config = LoadConfig.defaults().withContextLength(2048).withGpuOffload(GpuOffloadRatio.ratio(0.5));

        Map<String, JsonNode> fields = fields(LoadConfigStackWriter.write(config, ModelDomain.EMBEDDING, Golden.JSON));

        assertThat(fields).containsOnlyKeys("embedding.load.contextLength", "embedding.load.llama.acceleration.offloadRatio");
        assertThat(fields.get("embedding.load.llama.acceleration.offloadRatio").asDouble()).isEqualTo(0.5);
    }

    @Test
    void tokenIsSplitAsTheSdkDoesAndNeverShown() {
        SdkIdentity id = SdkIdentity.forToken("sk-lm-AbCd1234:abcdefghij0123456789");

        assertThat(id.clientIdentifier()).isEqualTo("AbCd1234");
        assertThat(id.clientPasskey()).isEqualTo("abcdefghij0123456789");
        assertThat(id.toString()).doesNotContain("abcdefghij0123456789").doesNotContain("AbCd1234");
    }

    @Test
    void withoutTokenTheIdentityIsARandomGuest() {
        SdkIdentity a = SdkIdentity.forToken(null);
        SdkIdentity b = SdkIdentity.forToken(null);

        assertThat(a.clientIdentifier()).startsWith("guest:");
        assertThat(a.clientIdentifier()).isNotEqualTo(b.clientIdentifier());
        assertThat(a.clientPasskey()).hasSizeLessThanOrEqualTo(256);
    }

    private static Map<String, JsonNode> fields(JsonNode stack) {
        Map<String, JsonNode> out = new HashMap<>();
        JsonNode layer = stack.path("layers").path(0);
        assertThat(layer.path("layerName").asText()).isEqualTo("apiOverride");
        layer.path("config").path("fields").forEach(f -> out.put(f.path("key").asText(), f.path("value")));
        return out;
    }
}
