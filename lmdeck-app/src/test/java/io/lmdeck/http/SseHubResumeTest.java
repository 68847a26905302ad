package io.lmdeck.http;

import static io.lmdeck.activity.SampleEvents.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityLogs;
import io.lmdeck.activity.ActivityStoreOptions;
import io.lmdeck.events.EventJournal;
import io.lmdeck.events.EventType;
import io.lmdeck.http.fakes.FakeLifecycle;
import io.lmdeck.wire.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Last-Event-ID} resume ({@link SseHub#resume}) over the real journal and SQLite activity log: what the log
 * kept is replayed, then live events continue; too much missed is a resync. (Gapless resume under concurrent
 * publishing is in {@link EventStreamTest}.)
 */
class SseHubResumeTest {
    private static final Pattern IDS = Pattern.compile("id: (\\d+)\nevent: (\\w+)");

    @TempDir
    Path dataDir;
    private ActivityLog log;
    private EventJournal journal;
    private SseHub hub;

    @BeforeEach
    void start() {
        log = ActivityLogs.open(ActivityStoreOptions.sqlite(dataDir));
        journal = new EventJournal(log);
        journal.start();
    }

    /** The hub of a server that starts now, after the events already in the log. */
    private SseHub startHub() {
        hub = new SseHub(journal, log, new FakeLifecycle(journal), new SseFrames(Json.newMapper()), Duration.ofHours(1));
        return hub;
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        journal.close();
        log.close();
    }

    @Test
    void progressEventsTheLogDidNotKeepAreSkippedByTheReplayAndLiveEventsFollow() {
        journal.publish(draft(EventType.MODEL_LOADING_STARTED, "m", "op", Map.of()));
        for (int percent = 1; percent <= 25; percent++) {
            journal.publish(draft(EventType.MODEL_LOADING_PROGRESS, "m", "op", Map.of("progress", percent / 100.0)));
        }
        await().until(() -> journal.lastEventId() == 26);

        FakeSseSocket socket = new FakeSseSocket();
        startHub().resume(100, false, 3L).attach(socket);
        journal.publish(draft(EventType.MODEL_LOADING_COMPLETE, "m", "op", Map.of()));
        await().until(() -> socket.text().contains("id: 27\n"));

        // 0.10 (id 11) and 0.20 (id 21) are the progress events the log kept after id 3; then the snapshot, then live.
        assertThat(frames(socket.text())).containsExactly(
                "11 model_loading_progress", "21 model_loading_progress", "21 snapshot", "27 model_loading_complete");
    }

    @Test
    void moreMissedThanHalfTheClientsBufferIsAResyncWithAFreshSnapshot() {
        for (int i = 0; i < 7; i++) {
            journal.publish(draft(EventType.MODEL_UNLOADED, "m", null, Map.of()));
        }
        await().until(() -> journal.lastEventId() == 7);

        FakeSseSocket socket = new FakeSseSocket();
        startHub().resume(10, false, 1L).attach(socket);
        journal.publish(draft(EventType.MODEL_UNLOADED, "m", null, Map.of()));
        await().until(() -> socket.text().contains("id: 8\n"));

        String text = socket.text();
        assertThat(text).startsWith("event: resync\n").contains("\"reason\":\"too_many_missed_events\"");
        assertThat(frames(text)).containsExactly("7 snapshot", "8 model_unloaded");
    }

    @Test
    void anIdFromAnotherServerOrNoIdAtAllIsAResync() {
        FakeSseSocket unknown = new FakeSseSocket();
        startHub().resume(10, false, 999L).attach(unknown);
        FakeSseSocket malformed = new FakeSseSocket();
        hub.resume(10, false, null).attach(malformed);
        for (FakeSseSocket socket : List.of(unknown, malformed)) {
            await().until(() -> socket.text().contains("event: snapshot"));
            assertThat(socket.text()).startsWith("event: resync\n").contains("\"reason\":\"unknown_last_event_id\"");
        }
    }

    /** "id event" of each numbered frame, in order. */
    private static List<String> frames(String text) {
        Matcher m = IDS.matcher(text);
        return m.results().map(r -> r.group(1) + " " + r.group(2)).toList();
    }
}
