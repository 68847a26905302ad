package io.lmdeck.server;

import static io.lmdeck.http.TestHttp.json;
import static io.lmdeck.server.RunningLmdeck.LARGE_MODEL;
import static io.lmdeck.server.RunningLmdeck.OTHER_MODEL;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.SseReader;
import io.lmdeck.http.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Live events and chat against the real server backed by the simulator. */
class LmdeckServerStreamsTest {
    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"stream\":true}";
    @AutoClose
    private final RunningLmdeck deck = RunningLmdeck.start();
    private final TestHttp http = deck.http();

    private JsonNode status() {
        return deck.status();
    }

    private static List<Long> ids(SseReader reader) {
        return reader.frames().stream().filter(f -> f.id() != null && !f.event().equals("snapshot"))
                .map(f -> Long.parseLong(f.id())).collect(Collectors.toList());
    }

    @Test
    void lastEventIdResumeLosesNothingAcrossADisconnect() {
        deck.awaitOnline();
        SseReader first = http.sse("/api/events");
        first.await("snapshot");
        deck.sim().loadExternally(SMALL_MODEL);
        SseReader.Frame seen = first.await(f -> f.event().equals("model_loaded_externally"), Duration.ofSeconds(20));
        first.close();
        // While disconnected: more lifecycle events.
        deck.sim().loadExternally(OTHER_MODEL);
        await().atMost(Duration.ofSeconds(20)).until(() -> json(http.get("/api/activity?type=model_loaded_externally")).get("items").size() == 2);
        try (SseReader resumed = http.sse("/api/events", "Last-Event-ID", seen.id())) {
            resumed.await("snapshot");
            deck.sim().unloadExternally(SMALL_MODEL);
            resumed.await(f -> f.event().equals("model_unloaded_externally"), Duration.ofSeconds(20));
            List<Long> got = ids(resumed);
            // Everything the activity log holds after the last seen id, in order, once each.
            List<Long> logged = new ArrayList<>();
            json(http.get("/api/activity?limit=500")).get("items").forEach(n -> logged.add(n.get("id").asLong()));
            List<Long> expected = logged.stream().filter(id -> id > Long.parseLong(seen.id())).sorted().collect(Collectors.toList());
            assertThat(got).doesNotHaveDuplicates().isSorted().containsAll(expected);
            assertThat(got.get(0)).isEqualTo(expected.get(0));
            assertThat(resumed.frames().stream().map(SseReader.Frame::event))
                    .contains("model_loaded_externally", "model_unloaded_externally");
        }
    }

    @Test
    void hundredClientsReceiveEveryEvent() {
        deck.awaitOnline();
        List<SseReader> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                clients.add(http.sse("/api/events"));
            }
            for (SseReader c : clients) {
                c.await("snapshot");
            }
            deck.sim().loadExternally(SMALL_MODEL);
            clients.get(0).await(f -> f.event().equals("model_loaded_externally"), Duration.ofSeconds(20));
            deck.sim().unloadExternally(SMALL_MODEL);
            for (SseReader c : clients) {
                c.await(f -> f.event().equals("model_unloaded_externally"), Duration.ofSeconds(20));
            }
            // Every client gets every event after its snapshot: consecutive ids, none missing, none twice.
            long last = ids(clients.get(0)).get(ids(clients.get(0)).size() - 1);
            for (SseReader c : clients) {
                c.await(f -> String.valueOf(last).equals(f.id()), Duration.ofSeconds(20));
                long snapshotId = Long.parseLong(c.frames("snapshot").get(0).id());
                List<Long> expected = java.util.stream.LongStream.rangeClosed(snapshotId + 1, last).boxed().collect(Collectors.toList());
                assertThat(ids(c)).isEqualTo(expected);
            }
        } finally {
            clients.forEach(SseReader::close);
        }
    }

    @Test
    void aSlowClientDoesNotDelayTheOthersAndIsDroppedWhenItCannotCatchUp() throws Exception {
        try (RunningLmdeck tight = RunningLmdeck.builder().tuning(ServerTuning.DEFAULTS.withSseClientBuffer(32)).start();
             SseReader fast = tight.http().sse("/api/events"); java.net.Socket slow = new java.net.Socket()) {
            TestHttp tightHttp = tight.http();
            fast.await("snapshot");
            slow.setReceiveBufferSize(1024);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", tight.port()));
            slow.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String big = "x".repeat(16 * 1024);
            long base = Long.parseLong(fast.frames("snapshot").get(0).id());
            int published = 0;
            for (int batch = 0; batch < 40; batch++) {
                for (int i = 0; i < 20; i++) {
                    tight.publish(io.lmdeck.events.LifecycleEvent.draft(io.lmdeck.events.EventType.MODEL_LOADED_EXTERNALLY,
                            java.time.Instant.now(), "bulk/" + i, null, io.lmdeck.events.Cause.EXTERNAL, big, java.util.Map.of()));
                }
                published += 20;
                int upTo = published;
                // The fast client keeps up batch after batch, whatever the slow one does.
                fast.await(f -> f.event().equals("model_loaded_externally") && f.data().contains("\"bulk/19\"")
                        && fast.frames("model_loaded_externally").stream().filter(x -> x.data().contains("bulk/")).count() >= upTo,
                        Duration.ofSeconds(10));
            }
            assertThat(fast.frames("resync")).isEmpty();
            List<Long> got = ids(fast).stream().filter(id -> id > base).collect(Collectors.toList());
            assertThat(got).doesNotHaveDuplicates().isSorted().hasSizeGreaterThanOrEqualTo(published);
            // The slow one overflowed its 32-frame buffer, was told to resync, could not take even that: dropped.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(tightHttp.get("/metrics").body()).contains("lmdeck_sse_clients 1.0"));
        }
    }

    @Test
    void chatStreamsTheActiveModelsReply() {
        deck.loadAndAwaitReady(SMALL_MODEL);
        try (SseReader reply = http.chat(HELLO)) {
            assertThat(reply.status()).isEqualTo(200);
            reply.await(f -> f.event().equals("done"), Duration.ofSeconds(30));
            assertThat(reply.frames("delta")).isNotEmpty();
            String text = reply.frames("delta").stream().map(f -> data(f).get("content").asText()).collect(Collectors.joining());
            assertThat(text).isNotBlank();
            assertThat(data(reply.frames("done").get(0)).get("model_id").asText()).isEqualTo(SMALL_MODEL);
        }
        await().untilAsserted(() -> assertThat(http.get("/metrics").body()).contains("lmdeck_chat_requests_total{outcome=\"completed\"} 1.0"));
    }

    @Test
    void aChatClientGoingAwayStopsGenerationAndReleasesTheModel() {
        deck.loadAndAwaitReady(SMALL_MODEL);
        deck.sim().tokenDelayMillis(200); // a long, slow reply
        SseReader reply = http.chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Tell a very long story\"}],\"max_tokens\":2000}");
        reply.await("delta");
        await().until(() -> deck.sim().instances().stream().anyMatch(i -> i.status().equals("generating")));
        reply.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> deck.sim().instances().stream().allMatch(i -> i.status().equals("idle")));
        // The lease is gone: unloading does not wait for a chat drain (30 s) that no one is doing.
        HttpResponse<String> unload = http.post("/api/models/lmstudio/unload", "{\"model_id\":\"" + SMALL_MODEL + "\"}");
        assertThat(unload.statusCode()).as(unload.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> deck.sim().instances().isEmpty());
        await().untilAsserted(() -> assertThat(http.get("/metrics").body()).contains("lmdeck_chat_requests_total{outcome=\"client_gone\"} 1.0"));
    }

    @Test
    void chatDuringASwapSendsStatusFramesThenTheReply() {
        deck.loadAndAwaitReady(SMALL_MODEL);
        deck.sim().loadSecondsPerGb(0.2); // the 2.5 GB model takes about half a second
        http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + OTHER_MODEL + "\"}");
        await().until(() -> status().get("status").asText().equals("loading"));
        try (SseReader reply = http.chat(HELLO)) {
            reply.await(f -> f.event().equals("done"), Duration.ofSeconds(30));
            List<String> order = reply.frames().stream().map(SseReader.Frame::event).distinct().collect(Collectors.toList());
            assertThat(order).containsExactly("status", "delta", "done");
            JsonNode first = data(reply.frames("status").get(0));
            assertThat(first.get("state").asText()).isEqualTo("loading");
            assertThat(first.get("model_id").asText()).isEqualTo(OTHER_MODEL);
            assertThat(data(reply.frames("done").get(0)).get("model_id").asText()).isEqualTo(OTHER_MODEL);
        }
    }

    @Test
    void chatWithoutAnActiveModelIs503WithRetryAfter() {
        deck.awaitOnline();
        HttpResponse<String> r = http.post("/api/chat", HELLO);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(json(r).get("error").get("code").asText()).isEqualTo("no_active_model");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void chatWhileLmStudioIsOfflineIs503WithRetryAfter() {
        deck.loadAndAwaitReady(SMALL_MODEL);
        deck.sim().goOffline();
        await().atMost(Duration.ofSeconds(20)).until(() -> !status().get("online").asBoolean());
        HttpResponse<String> r = http.post("/api/chat", HELLO);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(json(r).get("error").get("message").asText()).isNotBlank();
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aLoadThatCannotBeWatchedStillEndsForEveryone() {
        deck.awaitOnline();
        deck.sim().loadSecondsPerGb(5.0);
        try (SseReader events = http.sse("/api/events")) {
            events.await("snapshot");
            String op = json(http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + LARGE_MODEL + "\"}")).get("operation_id").asText();
            events.await(f -> f.event().equals("model_loading_started"), Duration.ofSeconds(10));
            http.post("/api/models/lmstudio/cancel", "{\"operation_id\":\"" + op + "\"}");
            events.await(f -> f.event().equals("model_loading_cancelled"), Duration.ofSeconds(20));
        }
    }

    private static JsonNode data(SseReader.Frame frame) {
        try {
            return TestHttp.JSON.readTree(frame.data());
        } catch (Exception e) {
            throw new AssertionError(frame.data(), e);
        }
    }
}
