package io.lmdeck.http;

import io.lmdeck.http.fakes.FakeChatUpstream;
import io.lmdeck.http.fakes.FakeJournal;
import io.lmdeck.http.fakes.FakeLifecycle;

/** An HttpApi on a free loopback port backed by in-memory fakes; close it after the test. */
final class FakeBackedApi implements AutoCloseable {
    final FakeJournal journal = new FakeJournal();
    final FakeLifecycle lifecycle = new FakeLifecycle(journal);
    final FakeChatUpstream chat = new FakeChatUpstream();
    final HttpApi api;
    final TestHttp http;

    FakeBackedApi() {
        this(HttpSettings.loopback(0));
    }

    FakeBackedApi(HttpSettings settings) {
        api = HttpApi.start(settings, lifecycle, journal, journal, chat);
        http = new TestHttp(api.url());
    }

    /** Loads QWEN and makes it the active model. */
    void activate(String modelId) {
        lifecycle.load(io.lmdeck.lifecycle.LoadRequest.of(modelId, io.lmdeck.events.Cause.API));
        lifecycle.completeLoad();
    }

    @Override
    public void close() {
        api.close();
    }
}
