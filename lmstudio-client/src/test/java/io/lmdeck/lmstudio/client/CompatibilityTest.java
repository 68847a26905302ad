package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.ErrorKind;
import io.lmdeck.lmstudio.client.errors.InvalidApiKeyException;
import io.lmdeck.lmstudio.client.errors.NotSupportedException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.model.LoadState;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static io.lmdeck.lmstudio.client.SimFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Capability detection: old servers, auth, offline. */
class CompatibilityTest extends SimulatorTest {
    private static final String TOKEN = "sk-lm-AbCd1234:abcdefghij0123456789";

    @Test
    void oldServerWithoutV1FallsBackToV0Listing() {
        f = SimFixture.start(s -> { }, c -> c.useWebsocket(false));
        f.sim.control().oldServer(true);
        f.sim.control().loadExternally(QWEN);

        ServerInfo info = f.client.probe();
        List<ModelInfo> models = f.client.listModels();

        assertThat(info.has(Capability.REST_V1)).isFalse();
        assertThat(info.has(Capability.REST_V0)).isTrue();
        assertThat(info.loadTransport()).isEqualTo(LoadTransport.REST_V0_ONLY);
        ModelInfo qwen = models.stream().filter(m -> m.key().equals(QWEN)).findFirst().orElseThrow();
        assertThat(qwen.state()).isEqualTo(LoadState.LOADED);
        assertThat(qwen.loadedInstances()).extracting(LoadedInstance::instanceId).containsExactly(QWEN);
        assertThat(models).extracting(ModelInfo::key).contains(GEMMA);
        assertThat(failureOf(f.client.load(ModelLoadRequest.of(GEMMA), null).result()))
                .isInstanceOf(NotSupportedException.class);
    }

    @Test
    void oldServerAnsweringUnknownRoutesWith404IsDetectedToo() {
        f = SimFixture.start(s -> { }, c -> c.useWebsocket(false));
        f.sim.control().oldServer(true);
        f.sim.control().unknownRouteStatus(404);

        ServerInfo info = f.client.probe();

        assertThat(info.loadTransport()).isEqualTo(LoadTransport.REST_V0_ONLY);
        assertThat(f.client.listModels()).extracting(ModelInfo::key).contains(QWEN);
    }

    @Test
    void oldServerWithTheWebsocketStillLoadsWithProgress() {
        f = SimFixture.start();
        f.sim.control().oldServer(true);
        RecordingListener listener = new RecordingListener();

        ServerInfo info = f.client.probe();
        LoadedInstance loaded = f.client.load(ModelLoadRequest.of(GEMMA), listener).result().join();

        assertThat(info.loadTransport()).isEqualTo(LoadTransport.WEBSOCKET);
        assertThat(listener.progress).isNotEmpty();
        assertThat(f.client.listModels()).filteredOn(ModelInfo::isLoaded).extracting(ModelInfo::key)
                .containsExactly(GEMMA);
        f.client.unload(loaded.instanceId());
        assertThat(f.sim.control().instances()).isEmpty();
    }

    @Test
    void missingTokenIsReportedAsInvalidApiKeyNeverAsOffline() {
        f = SimFixture.start(s -> s.token(TOKEN), c -> { });

        ServerInfo info = f.client.probe();

        assertThat(info.online()).isTrue();
        assertThat(info.problem()).isEqualTo(ErrorKind.INVALID_API_KEY);
        assertThat(info.has(Capability.AUTH_REQUIRED)).isTrue();
        assertThatThrownBy(f.client::listModels).isInstanceOf(InvalidApiKeyException.class);
    }

    @Test
    void wrongTokenIsRefusedAndNeverShownInMessages() {
        f = SimFixture.start(s -> s.token(TOKEN), c -> { });
        String wrong = "sk-lm-ZzZz9999:zyxwvutsrq9876543210";
        try (LmStudioClient client = f.otherClient(c -> c.apiToken(wrong))) {
            ServerInfo info = client.probe();

            assertThat(info.problem()).isEqualTo(ErrorKind.INVALID_API_KEY);
            assertThat(info.detail()).doesNotContain("zyxwvutsrq9876543210").doesNotContain("ZzZz9999");
            assertThatThrownBy(client::listModels).isInstanceOf(InvalidApiKeyException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("zyxwvutsrq9876543210"));
        }
    }

    @Test
    void rightTokenWorksOverRestAndTheWebsocketHandshake() {
        f = SimFixture.start(s -> s.token(TOKEN), c -> c.apiToken(TOKEN));
        RecordingListener listener = new RecordingListener();

        ServerInfo info = f.client.probe();
        LoadedInstance loaded = f.client.load(ModelLoadRequest.of(GEMMA), listener).result().join();

        assertThat(info.usable()).isTrue();
        assertThat(info.loadTransport()).isEqualTo(LoadTransport.WEBSOCKET);
        assertThat(listener.progress).isNotEmpty();
        assertThat(f.client.listModels()).filteredOn(ModelInfo::isLoaded).hasSize(1);
        f.client.unload(loaded.instanceId());
    }

    @Test
    void nothingListeningIsOfflineNotAnIOException() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (LmStudioClient client = LmStudioClient.builder().baseUrl(URI.create("http://127.0.0.1:" + port))
                .connectTimeout(Duration.ofSeconds(1)).readRetries(1, Duration.ofMillis(10)).build()) {
            ServerInfo info = client.probe();

            assertThat(info.online()).isFalse();
            assertThat(info.problem()).isEqualTo(ErrorKind.OFFLINE);
            assertThatThrownBy(client::listModels).isInstanceOf(OfflineException.class);
            assertThatThrownBy(client::openAiModels).isInstanceOf(OfflineException.class);
            assertThat(failureOf(client.load(ModelLoadRequest.of(QWEN), null).result())).isInstanceOf(OfflineException.class);
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsReportedOfflineWithinSeconds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             LmStudioClient client = LmStudioClient.builder()
                     .baseUrl(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                     .connectTimeout(Duration.ofSeconds(1)).readRetries(0, Duration.ofMillis(10)).build()) {
            ServerInfo info = assertTimeoutPreemptively(Duration.ofSeconds(15), client::probe);

            assertThat(info.online()).isFalse();
            assertThat(info.problem()).isEqualTo(ErrorKind.OFFLINE);
            assertThat(info.detail()).contains("did not answer");
        }
    }
}
