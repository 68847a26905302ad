package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.ChatCompletionRequest;
import io.lmdeck.lmstudio.client.model.GpuOffloadRatio;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Using the Java client" example, run against the simulator, so the README stays true. */
class ReadmeExampleTest extends SimulatorTest {

    @Test
    void theReadmeExampleWorks() {
        f = SimFixture.start();
        List<String> out = new ArrayList<>();
        StringBuilder chatText = new StringBuilder();

        try (LmStudioClient lm = LmStudioClient.builder()
                .baseUrl(URI.create(f.sim.baseUrl()))
                .apiToken(null)
                .build()) {

            out.add(String.valueOf(lm.probe().loadTransport()));
            for (ModelInfo m : lm.listModels()) {
                out.add(m.key() + "  " + m.state() + "  " + m.loadedInstances().size() + " loaded");
            }

            ModelLoad load = lm.load(
                    ModelLoadRequest.builder(QWEN).domain(ModelDomain.LLM)
                            .contextLength(8192).gpuOffload(GpuOffloadRatio.maximum()).build(),
                    new LoadProgressListener() {
                        @Override
                        public void onProgress(double fraction) {
                            out.add(String.format("loading %.0f%%", fraction * 100));
                        }
                    });
            LoadedInstance instance = load.result().join();

            ChatCompletionStream chat = lm.streamChat(ChatCompletionRequest.of(instance.instanceId(), "Hello!"),
                    chatText::append);
            chat.completion().join();

            lm.unload(instance.instanceId());
        }

        assertThat(out.get(0)).isEqualTo("WEBSOCKET");
        assertThat(out).contains(QWEN + "  NOT_LOADED  0 loaded", "loading 100%");
        assertThat(chatText.toString()).startsWith("Simulated");
        assertThat(f.sim.control().instances()).isEmpty();
    }
}
