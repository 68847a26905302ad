package io.lmdeck.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.lmdeck.http.HttpApi;
import io.lmdeck.http.HttpSettings;
import io.lmdeck.http.TestHttp;
import io.lmdeck.http.fakes.FakeChatUpstream;
import io.lmdeck.http.fakes.FakeJournal;
import io.lmdeck.http.fakes.FakeLifecycle;
import io.lmdeck.lifecycle.ModelType;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.presets.Preset;
import io.lmdeck.presets.Presets;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A full lmdeck HTTP API (gateway included) on a free loopback port, on a {@link FakeLifecycle} that knows the
 * simulator's models and names its instances as the simulator does, with the simulator as LM Studio behind the
 * gateway's forwarder. {@code fast} is an alias of {@link #MODEL}. Close it after the test.
 */
final class GatewayFixture implements AutoCloseable {
    static final String MODEL = "google/gemma-3-1b";
    static final String EMBEDDING = "text-embedding-nomic-embed-text-v1.5";

    final FakeJournal journal = new FakeJournal();
    final FakeLifecycle lifecycle = new FakeLifecycle(journal);
    final Presets presets;
    final HttpApi api;
    final TestHttp http;
    final String token;

    GatewayFixture(LmStudioSimulator sim, HttpSettings settings) {
        lifecycle.addModel(MODEL, "Gemma 3 1B", ModelType.LLM);
        lifecycle.addModel(EMBEDDING, "Nomic Embed Text v1.5", ModelType.EMBEDDING);
        lifecycle.nameInstances(key -> key); // the simulator's first instance of a model is named by its key
        presets = Presets.inMemory(lifecycle::catalog);
        presets.put(new Preset(MODEL, null, null, null, null, false, List.of("fast")));
        api = HttpApi.start(settings, lifecycle, journal, journal, new FakeChatUpstream(), presets,
                new Forwarder(Forwarder.defaultClient(), URI.create(sim.baseUrl()), null));
        token = settings.token();
        http = token == null ? new TestHttp(api.url()) : new TestHttp(api.url()).withToken(token);
    }

    OpenAIClient openai() {
        return OpenAIOkHttpClient.builder().baseUrl(api.url() + "/v1").apiKey(token == null ? "lmdeck" : token)
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    AnthropicClient anthropic(String apiKey) {
        return AnthropicOkHttpClient.builder().baseUrl(api.url().toString()).apiKey(apiKey).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public void close() {
        api.close();
    }
}
