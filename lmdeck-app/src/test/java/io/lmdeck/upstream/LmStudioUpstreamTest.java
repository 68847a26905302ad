package io.lmdeck.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lmdeck.lifecycle.LmStudioPort.LoadSpec;
import io.lmdeck.lifecycle.LmStudioPort;
import io.lmdeck.lifecycle.LmStudioPortException;
import io.lmdeck.lifecycle.ModelType;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import io.lmdeck.lmstudio.sim.engine.Instance;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The port adapter alone against the simulator: it reports what LM Studio did and decides nothing. */
class LmStudioUpstreamTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MEDIUM = "qwen/qwen3-4b-2507";

    private LmStudioSimulator sim;
    private LmStudioUpstream upstream;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().host("127.0.0.1").port(0).loadSecondsPerGb(0.2).build().start();
        upstream = LmStudioUpstream.connect(URI.create(sim.baseUrl()), null);
    }

    @AfterEach
    void stop() {
        upstream.close();
        sim.close();
    }

    @Test
    void aLoadLmStudioFinishesDespiteACancelIsTheLoadsResultAndStaysLoaded() {
        AtomicReference<LmStudioPort.LoadHandle> load = new AtomicReference<>();
        // Cancel at the moment LM Studio finishes, before its answer reaches lmdeck: the cancel comes too late.
        sim.control().onInstanceLoaded(instance -> load.get().cancel());

        load.set(upstream.startLoad(new LoadSpec(MEDIUM, null, null, null, null), progress -> { }));
        LmStudioPort.Instance landed = load.get().result().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();

        assertThat(landed.instanceId()).isEqualTo(MEDIUM);
        assertThat(sim.control().instances()).as("unloading it is the lifecycle's decision")
                .extracting(Instance::identifier).containsExactly(MEDIUM);
    }

    @Test
    void theCataloguesTypeIsPassedToLmStudioAsGiven() {
        String embedding = "text-embedding-nomic-embed-text-v1.5";

        Throwable asLlm = catchThrowable(() -> upstream.startLoad(
                new LoadSpec(embedding, null, null, null, ModelType.LLM), progress -> { }).result().join());
        LmStudioPort.Instance asEmbedding = upstream.startLoad(
                new LoadSpec(embedding, null, null, null, ModelType.EMBEDDING), progress -> { }).result().join();
        OptionalLong told = upstream.estimateMemory(MEDIUM, ModelType.LLM, 8192).join();
        OptionalLong lookedUp = upstream.estimateMemory(MEDIUM, null, 8192).join();

        assertThat(asLlm).as("sent to LM Studio's llm namespace, which refuses an embedding model")
                .hasCauseInstanceOf(LmStudioPortException.class);
        assertThat(asEmbedding.instanceId()).isEqualTo(embedding);
        assertThat(told).isPresent().isEqualTo(lookedUp);
    }
}
