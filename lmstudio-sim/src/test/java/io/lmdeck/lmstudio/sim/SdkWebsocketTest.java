package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadHandle;
import io.lmdeck.lmstudio.sim.engine.LoadSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SdkWebsocketTest {
    private static final String LOAD_QWEN = "{\"type\":\"channelCreate\",\"endpoint\":\"loadModel\",\"channelId\":%d,"
            + "\"creationParameter\":{\"modelKey\":\"qwen/qwen3-4b-2507\",%s\"loadConfigStack\":{\"layers\":[{"
            + "\"layerName\":\"apiOverride\",\"config\":{\"fields\":[{\"key\":\"llm.load.contextLength\",\"value\":8192},"
            + "{\"key\":\"llm.load.llama.acceleration.offloadRatio\",\"value\":0.5},"
            + "{\"key\":\"llm.load.numParallelSessions\",\"value\":2},"
            + "{\"key\":\"llm.load.llama.tryMmap\",\"value\":true}]}}]}}}";

    private LmStudioSimulator sim;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.2).build().start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void handshakeThenVersionAndDownloadedModels() {
        try (SdkSocket system = SdkSocket.open(sim.websocketUrl(), "system")) {
            JsonNode version = system.call(0, "version", null);
            assertThat(version.path("type").asText()).isEqualTo("rpcResult");
            assertThat(version.path("result").path("version").asText()).isEqualTo("0.4.24");
            assertThat(version.path("result").path("build").isInt()).isTrue();
            JsonNode models = system.call(1, "listDownloadedModels", null).path("result");
            assertThat(models).hasSize(sim.catalog().models().size());
            JsonNode mlx = find(models, "modelKey", "qwen2-vl-7b-instruct");
            assertThat(mlx.path("format").asText()).isEqualTo("safetensors");
            assertThat(mlx.path("sizeBytes").isIntegralNumber()).isTrue();
            assertThat(mlx.path("maxContextLength").isInt()).isTrue();
            assertThat(mlx.path("quantization").path("bits").isInt()).isTrue();
            assertThat(mlx.has("deviceIdentifier")).isTrue();
            assertThat(mlx.path("deviceIdentifier").isNull()).isTrue();
            assertThat(mlx.path("indexedModelIdentifier").isTextual()).isTrue();
            assertThat(mlx.path("vision").asBoolean()).isTrue();
            JsonNode embedding = find(models, "modelKey", "text-embedding-nomic-embed-text-v1.5");
            assertThat(embedding.path("type").asText()).isEqualTo("embedding");
        }
    }

    @Test
    void loadModelSendsResolvedMonotonicProgressSuccessThenClose() {
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            llm.send(String.format(LOAD_QWEN, 0, "\"ttlMs\":300000,"));
            JsonNode resolved = llm.next();
            assertThat(resolved.path("type").asText()).isEqualTo("channelSend");
            assertThat(resolved.path("message").path("type").asText()).isEqualTo("resolved");
            assertThat(resolved.path("message").path("info").path("modelKey").asText()).isEqualTo("qwen/qwen3-4b-2507");
            List<Double> progress = new ArrayList<>();
            JsonNode frame = llm.next();
            while ("progress".equals(frame.path("message").path("type").asText())) {
                progress.add(frame.path("message").path("progress").asDouble());
                frame = llm.next();
            }
            assertThat(progress).hasSizeGreaterThan(5).isSorted().doesNotHaveDuplicates();
            assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);
            assertThat(frame.path("message").path("type").asText()).isEqualTo("success");
            JsonNode info = frame.path("message").path("info");
            assertThat(info.path("identifier").asText()).isEqualTo("qwen/qwen3-4b-2507");
            assertThat(info.path("contextLength").asInt()).isEqualTo(8192);
            assertThat(info.path("contextLength").isInt()).isTrue();
            assertThat(info.path("ttlMs").asLong()).isEqualTo(300000);
            assertThat(info.path("lastUsedTime").isNull()).isTrue();
            assertThat(info.path("instanceReference").asText()).isNotBlank();
            JsonNode close = llm.next();
            assertThat(close.path("type").asText()).isEqualTo("channelClose");
            assertThat(close.path("channelId").asInt()).isEqualTo(0);

            Instance instance = sim.control().instances().get(0);
            assertThat(instance.parallel()).isEqualTo(2);
            assertThat(instance.offloadRatio()).isEqualTo(0.5);

            JsonNode listed = llm.call(1, "listLoaded", null).path("result");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("identifier").asText()).isEqualTo("qwen/qwen3-4b-2507");
        }
    }

    @Test
    void cancelStopsTheLoadAndFreesTheIdentifier() {
        sim.control().loadSecondsPerGb(5);
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            llm.send(String.format(LOAD_QWEN, 3, "\"identifier\":\"my-qwen\","));
            assertThat(llm.next().path("message").path("type").asText()).isEqualTo("resolved");
            assertThat(llm.next().path("message").path("type").asText()).isEqualTo("progress");
            llm.send("{\"type\":\"channelSend\",\"channelId\":3,\"message\":{\"type\":\"cancel\"},\"ackId\":9}");
            JsonNode end = llm.next();
            boolean acked = false;
            while (!end.path("type").asText().matches("channelError|channelClose")) {
                if ("channelAck".equals(end.path("type").asText())) {
                    acked = end.path("ackId").asInt() == 9 && end.path("channelId").asInt() == 3;
                }
                end = llm.next();
            }
            assertThat(acked).as("cancel with an ackId is acknowledged").isTrue();
            assertThat(end.path("type").asText()).isIn("channelError", "channelClose");
            assertThat(sim.control().instances()).isEmpty();
            assertThat(sim.control().loading()).isEmpty();
            sim.control().loadSecondsPerGb(0.01);
            llm.send(String.format(LOAD_QWEN, 4, "\"identifier\":\"my-qwen\","));
            JsonNode frame = llm.next();
            while (!"success".equals(frame.path("message").path("type").asText())) frame = llm.next();
            assertThat(frame.path("message").path("info").path("identifier").asText()).isEqualTo("my-qwen");
        }
    }

    @Test
    void takenIdentifierFailsWithChannelError() {
        sim.control().loadSecondsPerGb(0.01);
        sim.control().loadExternally("qwen/qwen3-4b-2507");
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            llm.send(String.format(LOAD_QWEN, 0, "\"identifier\":\"qwen/qwen3-4b-2507\","));
            JsonNode frame = llm.next();
            while ("channelSend".equals(frame.path("type").asText())) frame = llm.next();
            assertThat(frame.path("type").asText()).isEqualTo("channelError");
            assertThat(frame.path("error").path("title").asText()).isNotBlank();
            assertThat(frame.path("error").path("rootTitle").asText()).contains("already in use");
            llm.send(String.format(LOAD_QWEN, 1, ""));
            frame = llm.next();
            while (!"success".equals(frame.path("message").path("type").asText())) frame = llm.next();
            assertThat(frame.path("message").path("info").path("identifier").asText()).isEqualTo("qwen/qwen3-4b-2507:2");
        }
    }

    @Test
    void unloadModelIsVoidAndUnknownIsAnRpcError() {
        sim.control().loadSecondsPerGb(0.01);
        Instance loaded = sim.control().loadExternally("google/gemma-3-1b");
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            JsonNode byRef = llm.call(0, "getModelInfo", "{\"specifier\":{\"type\":\"instanceReference\","
                    + "\"instanceReference\":\"" + loaded.instanceReference() + "\"},\"throwIfNotFound\":false}");
            assertThat(byRef.path("result").path("identifier").asText()).isEqualTo("google/gemma-3-1b");
            JsonNode ok = llm.call(1, "unloadModel", "{\"identifier\":\"google/gemma-3-1b\",\"deviceIdentifier\":null}");
            assertThat(ok.path("type").asText()).isEqualTo("rpcResult");
            assertThat(ok.has("result")).isFalse();
            assertThat(sim.control().instances()).isEmpty();
            JsonNode gone = llm.call(2, "getModelInfo", "{\"specifier\":{\"type\":\"instanceReference\","
                    + "\"instanceReference\":\"" + loaded.instanceReference() + "\"},\"throwIfNotFound\":false}");
            assertThat(gone.path("type").asText()).isEqualTo("rpcResult");
            assertThat(gone.has("result")).isFalse();
            JsonNode missing = llm.call(3, "unloadModel", "{\"identifier\":\"google/gemma-3-1b\"}");
            assertThat(missing.path("type").asText()).isEqualTo("rpcError");
            assertThat(missing.path("error").path("displayData").path("code").asText())
                    .isEqualTo("generic.identifierNotFound");
        }
    }

    @Test
    void garbageFramesGetWarningsAndTheSocketKeepsWorking() {
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            llm.send("this is not json");
            assertThat(llm.next().path("type").asText()).isEqualTo("communicationWarning");
            llm.send("[1,2,3]");
            assertThat(llm.next().path("type").asText()).isEqualTo("communicationWarning");
            llm.send("{\"type\":\"rpcCall\",\"endpoint\":\"listLoaded\",\"callId\":\"x\"}");
            assertThat(llm.next().path("type").asText()).isEqualTo("communicationWarning");
            llm.send("{\"type\":\"channelSend\",\"channelId\":99,\"message\":{\"type\":\"cancel\"}}");
            assertThat(llm.next().path("type").asText()).isEqualTo("communicationWarning");
            llm.sendBinary(new byte[] {1, 2, 3});
            assertThat(llm.next().path("type").asText()).isEqualTo("communicationWarning");
            llm.send("{\"type\":\"keepAlive\"}");
            assertThat(llm.next().path("type").asText()).isEqualTo("keepAliveAck");
            llm.send("{\"type\":\"channelCreate\",\"endpoint\":\"loadModel\",\"channelId\":1,\"creationParameter\":{}}");
            JsonNode noKey = llm.next();
            assertThat(noKey.path("type").asText()).isEqualTo("channelError");
            assertThat(noKey.path("error").path("displayData").path("code").asText()).isEqualTo("generic.pathNotFound");
            JsonNode unknown = llm.call(7, "noSuchEndpoint", null);
            assertThat(unknown.path("type").asText()).isEqualTo("rpcError");
            assertThat(llm.call(8, "listLoaded", null).path("result").isArray()).isTrue();
        }
    }

    @Test
    void socketClosedMidLoadLeavesNoHalfLoadedModel() {
        sim.control().loadSecondsPerGb(5);
        SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm");
        llm.send(String.format(LOAD_QWEN, 0, ""));
        assertThat(llm.next().path("message").path("type").asText()).isEqualTo("resolved");
        llm.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().loading().isEmpty());
        assertThat(sim.control().instances()).isEmpty();
    }

    @Test
    void loadsOverEveryTransportCountTowardsTheMostRunningAtOnce() {
        sim.control().injectFailure("qwen/qwen3-4b-2507", FailureMode.HANG);
        sim.control().injectFailure("google/gemma-3-1b", FailureMode.HANG);
        LoadHandle external;
        try (SdkSocket llm = SdkSocket.open(sim.websocketUrl(), "llm")) {
            llm.send(String.format(LOAD_QWEN, 1, ""));
            assertThat(llm.next().path("message").path("type").asText()).isEqualTo("resolved");
            // "resolved" is sent before the load job is registered (that happens on the simulator's worker thread).
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().loading().size() == 1);
            external = sim.control().startExternalLoad("google/gemma-3-1b", LoadSettings.defaults());
            assertThat(sim.control().maxConcurrentLoads()).as("websocket + external").isEqualTo(2);

            SimHttp.Reply rest = new SimHttp(sim.baseUrl()).post("/api/v1/models/load",
                    "{\"model\":\"text-embedding-nomic-embed-text-v1.5\"}");

            assertThat(rest.status()).isEqualTo(200);
            assertThat(sim.control().loading()).hasSize(2);
            assertThat(sim.control().maxConcurrentLoads()).as("websocket + external + REST, for a moment").isEqualTo(3);
        }
        external.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().loading().isEmpty());
        assertThat(sim.control().maxConcurrentLoads()).as("a high-water mark, not a count").isEqualTo(3);
        sim.control().resetHighWaterMarks();
        assertThat(sim.control().maxConcurrentLoads()).isZero();
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) if (n.path(field).asText().equals(value)) return n;
        throw new AssertionError("no element with " + field + "=" + value);
    }
}
