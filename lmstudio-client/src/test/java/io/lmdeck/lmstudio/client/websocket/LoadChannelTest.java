package io.lmdeck.lmstudio.client.websocket;

import io.lmdeck.lmstudio.client.Golden;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.ModelLoadFailedException;
import io.lmdeck.lmstudio.client.errors.ModelNotFoundException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the loadModel channel's packets are read (the SDK's sequence, and the ways it can end). */
class LoadChannelTest {

    private static final class Events implements LoadEvents {
        final List<String> seen = new ArrayList<>();
        LoadedInstance instance;
        LmStudioException error;

        @Override
        public void resolved(ModelInfo model) {
            seen.add("resolved " + model.key());
        }

        @Override
        public void progress(double fraction) {
            seen.add("progress " + fraction);
        }

        @Override
        public void success(LoadedInstance loaded) {
            seen.add("success");
            instance = loaded;
        }

        @Override
        public void failed(LmStudioException e) {
            seen.add("failed");
            error = e;
        }
    }

    private final Events events = new Events();
    private final LoadChannel channel = new LoadChannel("qwen3-8b", events);

    @Test
    void resolvedProgressSuccessThenCloseIsOneSuccess() {
        channel.onMessage(Golden.parse("{\"type\":\"resolved\",\"info\":" + Golden.read("sdk-instance.json") + "}"));
        channel.onMessage(Golden.parse("{\"type\":\"progress\",\"progress\":0.25}"));
        channel.onMessage(Golden.parse("{\"type\":\"progress\",\"progress\":1}"));
        channel.onMessage(Golden.parse("{\"type\":\"success\",\"info\":" + Golden.read("sdk-instance.json") + "}"));
        channel.onClose();

        assertThat(events.seen).containsExactly("resolved qwen3-8b", "progress 0.25", "progress 1.0", "success");
        assertThat(events.instance.instanceId()).isEqualTo("qwen3-8b");
        assertThat(events.error).isNull();
    }

    @Test
    void closeBeforeSuccessIsAFailure() {
        channel.onMessage(Golden.parse("{\"type\":\"progress\",\"progress\":0.5}"));
        channel.onClose();

        assertThat(events.error).isInstanceOf(ModelLoadFailedException.class);
    }

    @Test
    void channelErrorIsMappedAndEndsTheLoad() {
        channel.onError(Golden.parse("{\"title\":\"Cannot find a model with path \\\"qwen3-8b\\\"\",\"displayData\":"
                + "{\"code\":\"generic.pathNotFound\",\"path\":\"qwen3-8b\",\"availablePathsSample\":[\"qwen/qwen3-8b\"]}}"));
        channel.onClose();

        assertThat(events.seen).containsExactly("failed");
        assertThat(events.error).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void droppedConnectionEndsTheLoadAsOffline() {
        channel.onDisconnect(new OfflineException("gone", null));
        channel.onMessage(Golden.parse("{\"type\":\"progress\",\"progress\":0.9}"));

        assertThat(events.seen).containsExactly("failed");
        assertThat(events.error).isInstanceOf(OfflineException.class);
    }

    @Test
    void unknownPacketTypesAreIgnored() {
        channel.onMessage(Golden.parse("{\"type\":\"somethingNew\",\"x\":1}"));
        channel.onMessage(Golden.parse("{\"type\":\"progress\",\"progress\":0.1,\"extra\":true}"));

        assertThat(events.seen).containsExactly("progress 0.1");
    }
}
