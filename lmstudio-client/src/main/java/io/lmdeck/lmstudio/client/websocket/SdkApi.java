package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;
import io.lmdeck.lmstudio.client.model.LoadConfig;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import io.lmdeck.lmstudio.client.model.ModelUsageEstimate;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The SDK websocket protocol, one connection per namespace ({@code /llm}, {@code /embedding}, {@code /system}).
 * Part of the client's implementation; use {@link io.lmdeck.lmstudio.client.LmStudioClient}.
 */
public final class SdkApi implements AutoCloseable {
    private final WsConnection llm;
    private final WsConnection embedding;
    private final WsConnection system;
    private final ObjectMapper json;
    private final Duration callTimeout;

    public SdkApi(URI httpBaseUrl, String apiToken, HttpClient http, ObjectMapper json, Duration connectTimeout,
                  Duration callTimeout, Executor completions) {
        SdkIdentity identity = SdkIdentity.forToken(apiToken);
        this.llm = new WsConnection(httpBaseUrl, "llm", identity, apiToken, http, json, connectTimeout, completions);
        this.embedding = new WsConnection(httpBaseUrl, "embedding", identity, apiToken, http, json, connectTimeout, completions);
        this.system = new WsConnection(httpBaseUrl, "system", identity, apiToken, http, json, connectTimeout, completions);
        this.json = json;
        this.callTimeout = callTimeout;
    }

    /** {@code version} on {@code /system}: {@code {version, build}}. */
    public CompletableFuture<String> version() {
        return system.call("version", null, Subject.NONE, callTimeout)
                .thenApply(r -> r.path("version").isTextual() ? r.path("version").asText() : null);
    }

    /** {@code listDownloadedModels} on {@code /system}: LLMs and embedding models. */
    public CompletableFuture<List<ModelInfo>> listDownloadedModels() {
        return system.call("listDownloadedModels", null, Subject.NONE, callTimeout).thenApply(SdkModelParser::models);
    }

    /** {@code listLoaded} on {@code /llm} or {@code /embedding}. */
    public CompletableFuture<List<LoadedInstance>> listLoaded(ModelDomain type) {
        return namespace(type).call("listLoaded", null, Subject.NONE, callTimeout).thenApply(SdkModelParser::instances);
    }

    /** {@code getModelInfo} by identifier; empty when not loaded. */
    public CompletableFuture<LoadedInstance> getModelInfo(ModelDomain type, String identifier) {
        ObjectNode param = json.createObjectNode();
        param.putObject("specifier").put("type", "query").putObject("query").put("identifier", identifier);
        param.put("throwIfNotFound", false);
        return namespace(type).call("getModelInfo", param, Subject.instance(identifier), callTimeout)
                .thenApply(r -> r == null || r.isNull() || r.isMissingNode() ? null : SdkModelParser.instance(r));
    }

    /** {@code unloadModel}. */
    public CompletableFuture<Void> unloadModel(ModelDomain type, String identifier) {
        ObjectNode param = json.createObjectNode().put("identifier", identifier);
        return namespace(type).call("unloadModel", param, Subject.instance(identifier), callTimeout).thenApply(r -> null);
    }

    /** {@code estimateModelUsage}. */
    public CompletableFuture<ModelUsageEstimate> estimateModelUsage(String modelKey, ModelDomain type, LoadConfig config) {
        ObjectNode param = json.createObjectNode().put("modelKey", modelKey);
        param.set("loadConfigStack", LoadConfigStackWriter.write(config, type, json));
        return namespace(type).call("estimateModelUsage", param, Subject.model(modelKey), callTimeout)
                .thenApply(SdkModelParser::estimate);
    }

    /**
     * Opens a {@code loadModel} channel. Send {@code {"type":"cancel"}} on the returned channel to stop the load.
     * The future fails when the connection cannot be opened; later failures arrive through {@code events}.
     */
    public CompletableFuture<SdkChannel> loadModel(ModelLoadRequest request, ModelDomain type, LoadEvents events) {
        ObjectNode param = json.createObjectNode().put("modelKey", request.modelKey());
        if (request.identifier() != null) {
            param.put("identifier", request.identifier());
        }
        if (request.ttl() != null) {
            param.put("ttlMs", Math.max(1, request.ttl().toMillis()));
        }
        param.set("loadConfigStack", LoadConfigStackWriter.write(request.config(), type, json));
        return namespace(type).openChannel("loadModel", param, new LoadChannel(request.modelKey(), events));
    }

    /** Opens the {@code /system} connection (handshake included). */
    public CompletableFuture<Void> connect() {
        return system.connect();
    }

    /** Drops every connection (used when the server is known to be gone). */
    public void disconnectAll() {
        llm.disconnect();
        embedding.disconnect();
        system.disconnect();
    }

    private WsConnection namespace(ModelDomain type) {
        return type == ModelDomain.EMBEDDING ? embedding : llm;
    }

    @Override
    public void close() {
        llm.close();
        embedding.close();
        system.close();
    }
}
