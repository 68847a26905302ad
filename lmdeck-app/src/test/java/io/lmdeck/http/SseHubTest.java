package io.lmdeck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.events.Cause;
import io.lmdeck.http.fakes.FakeJournal;
import io.lmdeck.http.fakes.FakeLifecycle;
import io.lmdeck.lifecycle.LoadRequest;
import io.lmdeck.wire.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's overflow policy and its state frames, with a socket whose writability the test controls. */
class SseHubTest {
    private final FakeJournal journal = new FakeJournal();
    private final FakeLifecycle lifecycle = new FakeLifecycle(journal);
    private final SseHub hub = new SseHub(journal, journal, lifecycle, new SseFrames(Json.newMapper()), Duration.ofHours(1));

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aClientThatFallsBehindIsToldToResyncThenGetsASnapshotAndLiveEvents() {
        FakeSseSocket socket = new FakeSseSocket();
        SseConnection conn = hub.connect(8, false);
        conn.attach(socket);
        await().until(() -> socket.text().contains("event: snapshot"));
        socket.blocked = true;
        for (int i = 0; i < 12; i++) {
            lifecycle.publishExternal("m" + i);
        }
        // Events 1-8 filled the queue; event 9 overflowed it: the queue became resync + snapshot, then 10, 11, 12.
        await().until(() -> conn.queued() == 5);
        socket.unblock();
        lifecycle.publishExternal("after");
        await().until(() -> socket.text().contains("id: 13\n"));
        String text = socket.text();
        int resync = text.indexOf("event: resync");
        int snapshot = text.indexOf("id: 9\nevent: snapshot");
        assertThat(resync).isPositive().isLessThan(snapshot);
        assertThat(snapshot).isLessThan(text.indexOf("id: 10\nevent: model_loaded_externally"));
        assertThat(text).contains("id: 11\nevent", "id: 12\nevent", "id: 13\nevent");
        for (int dropped = 1; dropped <= 9; dropped++) {
            assertThat(text).doesNotContain("id: " + dropped + "\nevent: model_loaded_externally");
        }
        assertThat(hub.clientCount()).isEqualTo(1);
    }

    @Test
    void aFollowerThatJoinsMidwayStillGetsAChangeBackToAnEarlierState() {
        FakeSseSocket early = new FakeSseSocket();
        hub.connect(64, true).attach(early);
        String operation = lifecycle.load(LoadRequest.of(FakeLifecycle.QWEN, Cause.USER)).operationId();
        FakeSseSocket late = new FakeSseSocket();
        hub.connect(64, true).attach(late); // its snapshot shows the load
        assertThat(late.text()).contains("\"status\":\"loading\"");

        lifecycle.cancel(operation); // back to the state before the late client joined
        for (FakeSseSocket socket : List.of(early, late)) {
            await().until(() -> lastState(socket).contains("\"status\":\"idle\""));
            assertThat(lastState(socket)).contains("\"changed\":[{\"model_id\":\"" + FakeLifecycle.QWEN + "\"")
                    .contains("\"state\":\"not_loaded\"");
        }
    }

    @Test
    void onlyFollowersGetStateFrames() {
        FakeSseSocket plain = new FakeSseSocket();
        hub.connect(64, false).attach(plain);
        FakeSseSocket follower = new FakeSseSocket();
        hub.connect(64, true).attach(follower);
        lifecycle.load(LoadRequest.of(FakeLifecycle.QWEN, Cause.USER));
        await().until(() -> plain.text().contains("event: model_loading_started") && follower.text().contains("event: state"));
        assertThat(plain.text()).doesNotContain("event: state");
    }

    /** The data of the newest state frame written to the socket, or "". */
    private static String lastState(FakeSseSocket socket) {
        String text = socket.text();
        int at = text.lastIndexOf("event: state\ndata: ");
        return at < 0 ? "" : text.substring(at, text.indexOf("\n\n", at));
    }

    @Test
    void aClientThatCannotEvenTakeTheResyncIsDisconnected() {
        FakeSseSocket socket = new FakeSseSocket();
        SseConnection conn = hub.connect(4, false);
        conn.attach(socket);
        await().until(() -> socket.text().contains("event: snapshot"));
        socket.blocked = true;
        for (int i = 0; i < 20; i++) {
            lifecycle.publishExternal("m" + i);
        }
        await().until(() -> conn.closed().isDone());
        assertThat(hub.clientCount()).isZero();
    }
}
