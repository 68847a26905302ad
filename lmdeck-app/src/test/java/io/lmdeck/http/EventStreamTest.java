package io.lmdeck.http;

import static io.lmdeck.http.fakes.FakeLifecycle.QWEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.fakes.FakeLifecycle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {
    private FakeBackedApi server = new FakeBackedApi(HttpSettings.loopback(0).withHeartbeat(Duration.ofMillis(200)).withSseClientBuffer(64));
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.close();
    }

    private SseReader open(String... headers) {
        return openAt("/api/events", headers);
    }

    private SseReader openAt(String path, String... headers) {
        SseReader r = server.http.sse(path, headers);
        toClose.add(r);
        return r;
    }

    @Test
    void snapshotFirstThenEveryEventWithIdAndType() throws Exception {
        SseReader events = open();
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.response().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        SseReader.Frame snapshot = events.await("snapshot");
        assertThat(events.frames().get(0).event()).isEqualTo("snapshot");
        JsonNode data = TestHttp.JSON.readTree(snapshot.data());
        assertThat(data.get("lmstudio").get("online").asBoolean()).isTrue();
        assertThat(data.get("catalog").get("models").size()).isEqualTo(2);

        server.lifecycle.load(io.lmdeck.lifecycle.LoadRequest.of(QWEN, io.lmdeck.events.Cause.USER));
        server.lifecycle.progress(0.5);
        server.lifecycle.completeLoad();
        events.await("active_model_changed");
        List<SseReader.Frame> lifecycle = events.frames().stream().filter(f -> !f.event().equals("snapshot")).collect(Collectors.toList());
        assertThat(lifecycle).extracting(SseReader.Frame::event).containsExactly(
                "model_loading_started", "model_loading_progress", "model_loading_complete", "active_model_changed");
        assertThat(lifecycle).extracting(SseReader.Frame::id).containsExactly("1", "2", "3", "4");
        JsonNode started = TestHttp.JSON.readTree(lifecycle.get(0).data());
        assertThat(started.get("id").asLong()).isEqualTo(1);
        assertThat(started.get("type").asText()).isEqualTo("model_loading_started");
        assertThat(started.get("model_id").asText()).isEqualTo(QWEN);
        assertThat(started.get("cause").asText()).isEqualTo("user");
        assertThat(started.get("message").asText()).isEqualTo("LM Studio: Loading Qwen3 4B…");
        assertThat(started.has("at") && started.has("operation_id") && started.has("details")).isTrue();
    }

    @Test
    void withStateEachLifecycleStepAlsoSendsTheNewStatusAndTheCatalogueEntriesThatChanged() throws Exception {
        SseReader events = openAt("/api/events?state=1");
        events.await("snapshot");
        server.lifecycle.load(io.lmdeck.lifecycle.LoadRequest.of(QWEN, io.lmdeck.events.Cause.USER));
        server.lifecycle.progress(0.5);
        events.await(f -> f.event().equals("state") && f.data().contains("\"progress\":0.5"), Duration.ofSeconds(10));
        server.lifecycle.completeLoad();
        events.await(f -> f.event().equals("state") && f.data().contains("\"status\":\"ready\""), Duration.ofSeconds(10));

        List<SseReader.Frame> states = events.frames("state");
        assertThat(states).allSatisfy(f -> assertThat(f.id()).as("live only: no id").isNull());
        JsonNode last = TestHttp.JSON.readTree(states.get(states.size() - 1).data());
        JsonNode status = TestHttp.JSON.readTree(server.http.get("/api/models/lmstudio/status").body()).get("lmstudio");
        assertThat(last.get("lmstudio").get("active_model")).isEqualTo(status.get("active_model"));
        assertThat(last.get("lmstudio").get("status").asText()).isEqualTo("ready");
        JsonNode catalog = last.get("catalog");
        assertThat(catalog.get("model_ids")).extracting(JsonNode::asText).containsExactly(QWEN, FakeLifecycle.LLAMA);
        assertThat(catalog.get("changed")).as("only the model whose state changed").hasSize(1);
        assertThat(catalog.get("changed").get(0).get("model_id").asText()).isEqualTo(QWEN);
        assertThat(catalog.get("changed").get(0).get("state").asText()).isEqualTo("loaded");
        // Each state frame follows the events of its step.
        List<String> order = events.frames().stream().map(SseReader.Frame::event).toList();
        assertThat(order.lastIndexOf("state")).isGreaterThan(order.indexOf("active_model_changed"));
    }

    @Test
    void withoutStateOnlyTheContractsEventsCome() {
        SseReader events = open();
        events.await("snapshot");
        server.lifecycle.load(io.lmdeck.lifecycle.LoadRequest.of(QWEN, io.lmdeck.events.Cause.USER));
        server.lifecycle.completeLoad();
        events.await("active_model_changed");
        assertThat(events.frames("state")).isEmpty();
    }

    @Test
    void aStateValueThatIsNeitherOneNorZeroIsRefused() {
        assertThat(server.http.get("/api/events?state=yes").statusCode()).isEqualTo(400);
    }

    @Test
    void heartbeatCommentsKeepTheStreamAlive() {
        SseReader events = open();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.comments() >= 2);
    }

    @Test
    void lastEventIdResumesWithNothingLostAndNothingRepeated() throws Exception {
        SseReader first = open();
        first.await("snapshot");
        for (int i = 0; i < 5; i++) {
            server.lifecycle.publishExternal("m" + i);
        }
        first.await(f -> "5".equals(f.id()), Duration.ofSeconds(10));
        first.close();
        // Missed while disconnected:
        for (int i = 5; i < 12; i++) {
            server.lifecycle.publishExternal("m" + i);
        }
        SseReader resumed = open("Last-Event-ID", "5");
        resumed.await("snapshot");
        // Published while the client is catching up and afterwards:
        for (int i = 12; i < 20; i++) {
            server.lifecycle.publishExternal("m" + i);
        }
        resumed.await(f -> "20".equals(f.id()), Duration.ofSeconds(10));
        List<String> ids = resumed.frames().stream().filter(f -> f.event().equals("model_loaded_externally"))
                .map(SseReader.Frame::id).collect(Collectors.toList());
        assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(6, 20).mapToObj(Integer::toString).collect(Collectors.toList()));
        // The snapshot comes after the replay, so the client ends with the current state.
        int snapshotAt = resumed.frames().indexOf(resumed.frames("snapshot").get(0));
        assertThat(resumed.frames().subList(0, snapshotAt)).extracting(SseReader.Frame::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(6, 12).mapToObj(Integer::toString).collect(Collectors.toList()).subList(0, snapshotAt));
    }

    @Test
    void resumeRacingWithLivePublishingLosesNothing() throws Exception {
        for (int i = 0; i < 10; i++) {
            server.lifecycle.publishExternal("before" + i);
        }
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 25; i++) {
                server.lifecycle.publishExternal("during" + i);
            }
        });
        publisher.start();
        SseReader resumed = open("Last-Event-ID", "3");
        publisher.join();
        resumed.await(f -> "35".equals(f.id()), Duration.ofSeconds(10));
        List<String> ids = resumed.frames().stream().filter(f -> f.event().equals("model_loaded_externally"))
                .map(SseReader.Frame::id).collect(Collectors.toList());
        assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(4, 35).mapToObj(Integer::toString).collect(Collectors.toList()));
    }

    @Test
    void anIdThisServerNeverIssuedGetsResyncAndSnapshot() {
        for (String id : List.of("999", "abc")) {
            SseReader events = open("Last-Event-ID", id);
            events.await("snapshot");
            assertThat(events.frames().get(0).event()).as("Last-Event-ID: " + id).isEqualTo("resync");
            assertThat(events.frames().get(0).data()).contains("unknown_last_event_id");
        }
    }

    @Test
    void aLastEventIdThatIsNoIdGetsResyncAndSnapshotToo() throws Exception {
        for (String[] header : List.of(new String[] {"Last-Event-ID", "abc"}, new String[] {"Last-Event-ID", "-5"})) {
            SseReader events = open(header);
            events.await("snapshot");
            assertThat(events.frames().get(0).event()).as(header[1]).isEqualTo("resync");
            assertThat(TestHttp.JSON.readTree(events.frames().get(0).data()).path("reason").asText())
                    .isEqualTo("unknown_last_event_id");
        }
        SseReader byQuery = server.http.sse("/api/events?last_event_id=abc");
        toClose.add(byQuery);
        byQuery.await("snapshot");
        assertThat(byQuery.frames().get(0).event()).isEqualTo("resync");
    }

    @Test
    void hundredClientsEachReceiveEveryEvent() {
        List<SseReader> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clients.add(open());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> server.api.sseClients() == 100);
        for (SseReader c : clients) {
            c.await("snapshot");
        }
        for (int i = 0; i < 30; i++) {
            server.lifecycle.publishExternal("m" + i);
        }
        List<String> expected = IntStream.rangeClosed(1, 30).mapToObj(Integer::toString).collect(Collectors.toList());
        for (SseReader c : clients) {
            c.await(f -> "30".equals(f.id()), Duration.ofSeconds(20));
            assertThat(c.frames("model_loaded_externally")).extracting(SseReader.Frame::id).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotDelayOthersAndIsDropped() throws Exception {
        SseReader fast = open();
        fast.await("snapshot");
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("127.0.0.1", server.api.port()));
            slow.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.api.sseClients() == 2);
            // Enough data to fill the slow client's socket buffers and its 64-frame queue many times over,
            // published in batches the fast client keeps up with.
            String big = "x".repeat(8 * 1024);
            int id = 0;
            for (int batch = 0; batch < 75; batch++) {
                for (int i = 0; i < 20; i++) {
                    server.journal.publish(io.lmdeck.events.LifecycleEvent.draft(io.lmdeck.events.EventType.MODEL_LOADED_EXTERNALLY,
                            java.time.Instant.now(), "m" + i, null, io.lmdeck.events.Cause.EXTERNAL, big, java.util.Map.of()));
                }
                id += 20;
                String last = Integer.toString(id);
                fast.await(f -> last.equals(f.id()), Duration.ofSeconds(5));
            }
            assertThat(fast.frames("model_loaded_externally")).hasSize(1500);
            assertThat(fast.frames("resync")).isEmpty();
            // The slow client got a resync notice; as it still did not read, the server let it go.
            await().atMost(Duration.ofSeconds(10)).until(() -> server.api.sseClients() == 1);
            slow.setSoTimeout(10_000);
            byte[] all = slow.getInputStream().readAllBytes(); // ends: the server closed the stream
            assertThat(new String(all, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").contains("event: snapshot");
        }
    }
}
