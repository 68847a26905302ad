package io.lmdeck.lmstudio.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;
import io.lmdeck.lmstudio.client.model.DownloadStatus;
import io.lmdeck.lmstudio.client.model.LoadConfig;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * LM Studio's native REST API: v1 ({@code /api/v1/*}, 0.4.0+) and v0 ({@code /api/v0/*}, 0.3.6+).
 * Part of the client's implementation; use {@link io.lmdeck.lmstudio.client.LmStudioClient}.
 */
public final class LmStudioRestApi {
    private final HttpJson http;

    public LmStudioRestApi(HttpJson http) {
        this.http = http;
    }

    /** {@code GET /api/v1/models}: the catalogue with loaded instances. */
    public List<ModelInfo> v1Models() {
        return RestModelParser.v1Models(http.get("/api/v1/models", Subject.NONE));
    }

    /** {@code GET /api/v0/models}: the catalogue (or only loaded models when JIT is off) with states. */
    public List<ModelInfo> v0Models() {
        return RestModelParser.v0Models(http.get("/api/v0/models", Subject.NONE));
    }

    /**
     * {@code POST /api/v1/models/load}, asynchronously. Sends only the keys of LM Studio's closed schema
     * (an unknown key is answered with 400); cancelling the future abandons the HTTP request.
     */
    public CompletableFuture<LoadedInstance> v1Load(ModelLoadRequest request, Duration timeout) {
        return http.postAsync("/api/v1/models/load", v1LoadBody(request), timeout, Subject.load(request.modelKey()))
                .thenApply(body -> RestModelParser.v1LoadResult(body, request.modelKey()));
    }

    /** The body of a REST v1 load: model plus the documented optional fields, nothing else. */
    public JsonNode v1LoadBody(ModelLoadRequest request) {
        ObjectNode body = http.mapper().createObjectNode();
        body.put("model", request.modelKey());
        LoadConfig c = request.config();
        if (c.contextLength() != null) {
            body.put("context_length", c.contextLength());
        }
        if (c.evalBatchSize() != null) {
            body.put("eval_batch_size", c.evalBatchSize());
        }
        if (c.flashAttention() != null) {
            body.put("flash_attention", c.flashAttention());
        }
        if (c.numExperts() != null) {
            body.put("num_experts", c.numExperts());
        }
        if (c.offloadKvCacheToGpu() != null) {
            body.put("offload_kv_cache_to_gpu", c.offloadKvCacheToGpu());
        }
        body.put("echo_load_config", true);
        return body;
    }

    /** {@code POST /api/v1/models/unload}. */
    public void v1Unload(String instanceId, Duration timeout) {
        ObjectNode body = http.mapper().createObjectNode().put("instance_id", instanceId);
        http.post("/api/v1/models/unload", body, timeout, Subject.instance(instanceId));
    }

    /** {@code POST /api/v1/models/download}. */
    public DownloadStatus v1Download(String model, String quantization, Duration timeout) {
        ObjectNode body = http.mapper().createObjectNode().put("model", model);
        if (quantization != null) {
            body.put("quantization", quantization);
        }
        return RestModelParser.download(http.post("/api/v1/models/download", body, timeout, Subject.model(model)));
    }

    /** {@code GET /api/v1/models/download/status/:job_id}. */
    public DownloadStatus v1DownloadStatus(String jobId) {
        String path = "/api/v1/models/download/status/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8);
        return RestModelParser.download(http.get(path, Subject.NONE));
    }
}
