package io.lmdeck.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventPublisher;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.lifecycle.GatewayRequest;
import io.lmdeck.lifecycle.GatewaySlot;
import io.lmdeck.lifecycle.LifecycleSettings;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.lmdeck.lifecycle.ModelLifecycles;
import io.lmdeck.lifecycle.OwnershipHistory;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gateway admission against the LM Studio simulator over real HTTP and websocket: each admitted request really runs
 * a chat completion on the instance it was given, so the simulator counts it in flight and would record the unload
 * of a busy instance, a JIT load or a duplicate instance.
 */
@Timeout(120)
class GatewayAdmissionSimulatorTest {
    private static final String QWEN = "qwen/qwen3-4b-2507";        // ~2.5 GB
    private static final String LLAMA = "llama-3.2-3b-instruct";    // ~3.4 GB: both do not fit in 5 GB
    private static final long BUDGET = 5L << 30;

    private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private LmStudioSimulator sim;
    private LmStudioUpstream upstream;
    private ModelLifecycle lifecycle;

    private void start() {
        sim = LmStudioSimulator.builder().host("127.0.0.1").port(0).loadSecondsPerGb(0.05)
                .memoryBudgetBytes(BUDGET).build().start();
        sim.control().tokenDelayMillis(1);
        URI url = URI.create(sim.baseUrl());
        upstream = LmStudioUpstream.connect(url, null);
        EventPublisher publisher = events::add;
        lifecycle = ModelLifecycles.start(upstream, publisher, (model, context) -> Optional.empty(),
                OwnershipHistory.none(), Clock.systemUTC(), LifecycleSettings.defaults(url)
                        .withPollInterval(Duration.ofMillis(300)).withMemoryBudgetBytes(BUDGET));
        await().atMost(Duration.ofSeconds(20)).until(() -> lifecycle.status().online());
    }

    @AfterEach
    void stop() {
        if (lifecycle != null) {
            lifecycle.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void fiftyConcurrentRequestsForAnUnloadedModelCauseOneLmStudioLoad() throws Exception {
        start();
        int loadsBefore = sim.control().loadCalls();

        List<Integer> statuses = concurrently(50, i -> List.of(QWEN));

        assertThat(statuses).hasSize(50).containsOnly(200);
        assertThat(sim.control().loadCalls() - loadsBefore).as("LM Studio loads").isEqualTo(1);
        assertThat(sim.control().jitLoads()).as("JIT loads").isZero();
        assertThat(sim.control().maxInstancesOfOneModel()).isEqualTo(1);
        assertThat(sim.control().counters().highWater()).as("requests at once on the instance").isLessThanOrEqualTo(4);
        assertThat(lifecycle.status().activeModel()).as("a gateway load does not choose chat's model").isNull();
        assertThat(lifecycle.gatewayRequests()).isEmpty();
    }

    @Test
    void twoModelsThatDoNotFitTogetherRequestedAlternatelyNeverFailNorUnloadABusyInstance() throws Exception {
        start();

        List<Integer> statuses = concurrently(8, i -> i % 2 == 0 ? List.of(QWEN, LLAMA, QWEN, LLAMA, QWEN, LLAMA)
                : List.of(LLAMA, QWEN, LLAMA, QWEN, LLAMA, QWEN));

        assertThat(statuses).hasSize(48).containsOnly(200);
        // They were swapped (neither fits beside the other), by lmdeck, for the gateway, grouped: far fewer swaps
        // than the 48 requests a first-come-first-served order would cost.
        long swaps = events.stream().filter(e -> e.type() == EventType.MODEL_UNLOADED && e.cause() == Cause.GATEWAY)
                .count();
        assertThat(swaps).isBetween(1L, 24L);
        assertThat(sim.control().busyUnloads()).as("unloads of an instance with requests in flight").isEmpty();
        assertThat(sim.control().maxInstancesOfOneModel()).as("duplicate instances").isEqualTo(1);
        assertThat(sim.control().jitLoads()).as("JIT loads").isZero();
        assertThat(sim.control().maxConcurrentLoads()).isEqualTo(1);
        assertThat(lifecycle.gatewayRequests()).isEmpty();
    }

    private interface Plan {
        List<String> models(int client);
    }

    /**
     * {@code clients} threads released at once; each asks for its plan's models one after another: admitted, a real
     * chat completion on the instance it got, then the slot closed. Returns every completion's HTTP status.
     */
    private List<Integer> concurrently(int clients, Plan plan) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger ids = new AtomicInteger();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<String> models = plan.models(c);
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (String model : models) {
                        GatewayRequest request = new GatewayRequest("req_" + ids.incrementAndGet(), model,
                                "/v1/chat/completions", "test", Instant.now());
                        try (GatewaySlot slot = lifecycle.admit(request, Duration.ofSeconds(60), loading -> { })
                                .get(90, TimeUnit.SECONDS)) {
                            statuses.add(chat(slot.instanceId()));
                        }
                    }
                    return statuses;
                }));
            }
            go.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> future : futures) {
                all.addAll(future.get(100, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private int chat(String instanceId) throws Exception {
        String body = "{\"model\":\"" + instanceId + "\",\"max_tokens\":4,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                        + "/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
