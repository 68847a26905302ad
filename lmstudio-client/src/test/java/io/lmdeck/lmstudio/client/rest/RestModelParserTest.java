package io.lmdeck.lmstudio.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.Golden;
import io.lmdeck.lmstudio.client.errors.ProtocolException;
import io.lmdeck.lmstudio.client.model.DownloadStatus;
import io.lmdeck.lmstudio.client.model.GpuOffloadRatio;
import io.lmdeck.lmstudio.client.model.LoadState;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestModelParserTest {

    @Test
    void v1ModelsDocumentedExampleReadsEveryFieldAndIgnoresUnknownOnes() {
        List<ModelInfo> models = RestModelParser.v1Models(Golden.read("v1-models.json"));

        assertThat(models).hasSize(2);
        ModelInfo gemma = models.get(0);
        assertThat(gemma.key()).isEqualTo("google/gemma-4-26b-a4b");
        assertThat(gemma.displayName()).isEqualTo("Gemma 4 26B A4B");
        assertThat(gemma.publisher()).isEqualTo("google");
        assertThat(gemma.type()).isEqualTo(ModelDomain.LLM);
        assertThat(gemma.architecture()).isEqualTo("gemma4");
        assertThat(gemma.quantization().name()).isEqualTo("Q4_K_M");
        assertThat(gemma.quantization().bitsPerWeight()).isEqualTo(4.0);
        assertThat(gemma.sizeBytes()).isEqualTo(17990911801L);
        assertThat(gemma.paramsString()).isEqualTo("26B-A4B");
        assertThat(gemma.maxContextLength()).isEqualTo(262144);
        assertThat(gemma.format()).isEqualTo("gguf");
        assertThat(gemma.vision()).isTrue();
        assertThat(gemma.trainedForToolUse()).isTrue();
        assertThat(gemma.description()).isNull();
        assertThat(gemma.variants()).containsExactly("google/gemma-4-26b-a4b@q4_k_m");
        assertThat(gemma.selectedVariant()).isEqualTo("google/gemma-4-26b-a4b@q4_k_m");
        assertThat(gemma.state()).isEqualTo(LoadState.LOADED);
        LoadedInstance instance = gemma.loadedInstances().get(0);
        assertThat(instance.instanceId()).isEqualTo("google/gemma-4-26b-a4b");
        assertThat(instance.modelKey()).isEqualTo("google/gemma-4-26b-a4b");
        assertThat(instance.contextLength()).isEqualTo(4096);
        assertThat(instance.parallel()).isEqualTo(4);
        assertThat(instance.evalBatchSize()).isEqualTo(512);
        assertThat(instance.flashAttention()).isTrue();

        ModelInfo nomic = models.get(1);
        assertThat(nomic.type()).isEqualTo(ModelDomain.EMBEDDING);
        assertThat(nomic.architecture()).isNull();
        assertThat(nomic.paramsString()).isNull();
        assertThat(nomic.vision()).isFalse();
        assertThat(nomic.state()).isEqualTo(LoadState.NOT_LOADED);
        assertThat(nomic.loadedInstances()).isEmpty();
    }

    @Test
    void v1SameKeyListedTwiceForTwoVariantsBecomesOneEntry() {
        List<ModelInfo> models = RestModelParser.v1Models(Golden.read("v1-models-quirk.json"));

        assertThat(models).extracting(ModelInfo::key).containsExactly("qwen/qwen3-4b-2507", "gemma-3-270m-it-qat");
        assertThat(models.get(0).variants()).containsExactly("qwen/qwen3-4b-2507@8bit");
    }

    @Test
    void v1AnswerWithoutModelsArrayIsAProtocolError() {
        assertThatThrownBy(() -> RestModelParser.v1Models(Golden.parse("{\"data\":[]}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("models");
    }

    @Test
    void v0DocumentedExampleReadsStatesTypesAndLoadedContext() {
        List<ModelInfo> models = RestModelParser.v0Models(Golden.read("v0-models.json"));

        ModelInfo vlm = models.get(0);
        assertThat(vlm.key()).isEqualTo("qwen2-vl-7b-instruct");
        assertThat(vlm.type()).isEqualTo(ModelDomain.LLM);
        assertThat(vlm.vision()).isTrue();
        assertThat(vlm.format()).isEqualTo("mlx");
        assertThat(vlm.quantization().name()).isEqualTo("4bit");
        assertThat(vlm.architecture()).isEqualTo("qwen2_vl");
        assertThat(vlm.state()).isEqualTo(LoadState.NOT_LOADED);
        assertThat(vlm.sizeBytes()).as("v0 carries no size").isNull();

        ModelInfo embedding = models.get(1);
        assertThat(embedding.type()).isEqualTo(ModelDomain.EMBEDDING);
        assertThat(embedding.state()).isEqualTo(LoadState.LOADED);
        assertThat(embedding.loadedInstances()).singleElement()
                .satisfies(i -> assertThat(i.contextLength()).isEqualTo(2048));
    }

    @Test
    void v0SecondInstanceSuffixAndLoadingState() {
        List<ModelInfo> models = RestModelParser.v0Models(Golden.read("v0-models-quirk.json"));

        assertThat(models).extracting(ModelInfo::key).containsExactly("qwen/qwen3-4b-2507", "gemma-3-270m-it-qat");
        assertThat(models.get(0).loadedInstances()).extracting(LoadedInstance::instanceId)
                .containsExactly("qwen/qwen3-4b-2507", "qwen/qwen3-4b-2507:2");
        assertThat(models.get(0).loadedInstances()).extracting(LoadedInstance::contextLength).containsExactly(8192, 4096);
        assertThat(models.get(0).trainedForToolUse()).isTrue();
        assertThat(models.get(1).state()).isEqualTo(LoadState.LOADING);
        assertThat(models.get(1).loadedInstances()).isEmpty();
    }

    @Test
    void v1LoadAnswerGivesTheInstance() {
        LoadedInstance loaded = RestModelParser.v1LoadResult(Golden.read("v1-load.json"), "openai/gpt-oss-20b");

        assertThat(loaded.instanceId()).isEqualTo("openai/gpt-oss-20b");
        assertThat(loaded.modelKey()).isEqualTo("openai/gpt-oss-20b");
        assertThat(loaded.type()).isEqualTo(ModelDomain.LLM);
        assertThat(loaded.contextLength()).isEqualTo(16384);
        assertThat(loaded.evalBatchSize()).isEqualTo(512);
        assertThat(loaded.flashAttention()).isTrue();
    }

    @Test
    void downloadJobAndAlreadyDownloaded() {
        DownloadStatus job = RestModelParser.download(Golden.read("download-job.json"));
        assertThat(job.jobId()).isEqualTo("job_493c7c9ded");
        assertThat(job.status()).isEqualTo(DownloadStatus.State.DOWNLOADING);
        assertThat(job.totalSizeBytes()).isEqualTo(2279145003L);
        assertThat(job.bytesPerSecond()).isEqualTo(8123456.5);

        DownloadStatus already = RestModelParser.download(Golden.parse("{\"status\":\"already_downloaded\"}"));
        assertThat(already.status()).isEqualTo(DownloadStatus.State.ALREADY_DOWNLOADED);
        assertThat(already.jobId()).isNull();
    }

    @Test
    void restV1LoadBodyNeverCarriesKeysOutsideTheClosedSchema() {
        LmStudioRestApi api = new LmStudioRestApi(new HttpJson(URI.create("http://127.0.0.1:1"), null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 0, Duration.ofMillis(10), Golden.JSON));
        ModelLoadRequest everything = ModelLoadRequest.builder("qwen/qwen3-4b-2507").identifier("mine").ttl(Duration.ofMinutes(5))
                .contextLength(8192).gpuOffload(GpuOffloadRatio.maximum()).parallel(2).evalBatchSize(256)
                .flashAttention(true).numExperts(4).offloadKvCacheToGpu(false).build();

        JsonNode body = api.v1LoadBody(everything);

        Set<String> schema = Set.of("model", "context_length", "eval_batch_size", "flash_attention", "num_experts",
                "offload_kv_cache_to_gpu", "echo_load_config");
        assertThat(body.fieldNames()).toIterable().allMatch(schema::contains);
        assertThat(body.path("model").asText()).isEqualTo("qwen/qwen3-4b-2507");
        assertThat(body.path("context_length").asInt()).isEqualTo(8192);
        assertThat(body.has("ttl")).isFalse();
        assertThat(body.has("identifier")).isFalse();
        assertThat(body.has("parallel")).isFalse();
    }
}
