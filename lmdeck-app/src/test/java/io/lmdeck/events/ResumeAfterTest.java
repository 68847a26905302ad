package io.lmdeck.events;

import static io.lmdeck.activity.SampleEvents.draft;
import static io.lmdeck.activity.SampleEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SSE Last-Event-ID resume: the replay from the log and the live subscription join without gap or duplicate. */
class ResumeAfterTest extends JournalTestBase {
    @BeforeEach
    void startJournal() {
        journal.start();
    }

    private void publishUnloads(int count) {
        for (int i = 0; i < count; i++) {
            journal.publish(draft(EventType.MODEL_UNLOADED, "m", null, Map.of()));
        }
    }

    private static List<Long> drain(Subscription live, int count) throws InterruptedException {
        return ids(receive(live, count));
    }

    @Test
    void a_client_gets_what_it_missed_then_only_new_events() throws Exception {
        publishUnloads(10);
        await().until(() -> journal.lastEventId() == 10);

        Resumption resumption = journal.resumeAfter(4, 100);
        assertThat(resumption.complete()).isTrue();
        assertThat(ids(resumption.missed())).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        publishUnloads(3);
        assertThat(drain(resumption.live(), 3)).containsExactly(11L, 12L, 13L);
        assertThat(resumption.live().poll(Duration.ofMillis(20))).isNull();
    }

    @Test
    void resuming_while_events_keep_coming_neither_loses_nor_repeats_one() throws Exception {
        Future<?> publisher = threads.submit(() -> {
            for (int i = 0; i < 3_000; i++) {
                journal.publish(draft(i % 10 == 0 ? EventType.MODEL_LOADING_STARTED : EventType.MODEL_UNLOADED, "m", "op", Map.of()));
                if (i % 100 == 0) {
                    Thread.yield();
                }
            }
        });
        List<Resumption> resumptions = new ArrayList<>();
        List<Long> resumedFrom = new ArrayList<>();
        while (!publisher.isDone() && resumptions.size() < 20) {
            long lastSeen = journal.lastEventId() / 2;
            resumedFrom.add(lastSeen);
            resumptions.add(journal.resumeAfter(lastSeen, 5_000));
        }
        publisher.get(30, TimeUnit.SECONDS);
        await().until(() -> journal.lastEventId() == 3_000);
        assertThat(resumptions).isNotEmpty();

        for (int r = 0; r < resumptions.size(); r++) {
            Resumption resumption = resumptions.get(r);
            assertThat(resumption.complete()).isTrue();
            List<Long> seen = new ArrayList<>(ids(resumption.missed()));
            long lastReplayed = seen.isEmpty() ? resumedFrom.get(r) : seen.get(seen.size() - 1);
            seen.addAll(drain(resumption.live(), (int) (3_000 - lastReplayed)));
            assertThat(seen).as("resumed after %d", resumedFrom.get(r))
                    .containsExactlyElementsOf(LongStream.rangeClosed(resumedFrom.get(r) + 1, 3_000).boxed().toList());
        }
    }

    @Test
    void progress_events_missing_from_the_log_leave_gaps_the_replay_skips() throws Exception {
        journal.publish(draft(EventType.MODEL_LOADING_STARTED, "m", "op", Map.of()));
        for (int percent = 1; percent <= 25; percent++) {
            journal.publish(draft(EventType.MODEL_LOADING_PROGRESS, "m", "op", Map.of("progress", percent / 100.0)));
        }
        await().until(() -> journal.lastEventId() == 26);

        Resumption resumption = journal.resumeAfter(3, 100);
        assertThat(resumption.complete()).isTrue();
        // 0.10 (id 11) and 0.20 (id 21) are the progress events the log kept after id 3.
        assertThat(ids(resumption.missed())).containsExactly(11L, 21L);
        journal.publish(draft(EventType.MODEL_LOADING_COMPLETE, "m", "op", Map.of()));
        assertThat(drain(resumption.live(), 1)).containsExactly(27L);
    }

    @Test
    void an_id_this_journal_never_gave_out_asks_the_client_to_resync() throws Exception {
        publishUnloads(3);
        await().until(() -> journal.lastEventId() == 3);
        Resumption resumption = journal.resumeAfter(999, 10);
        assertThat(resumption.complete()).isFalse();
        assertThat(resumption.missed()).isEmpty();
        publishUnloads(1);
        assertThat(drain(resumption.live(), 1)).containsExactly(4L);
    }

    @Test
    void too_many_missed_events_ask_the_client_to_resync() throws Exception {
        publishUnloads(EventJournal.MAX_REPLAY + 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> journal.lastEventId() == EventJournal.MAX_REPLAY + 1);
        Resumption resumption = journal.resumeAfter(0, 10);
        assertThat(resumption.complete()).isFalse();
        assertThat(resumption.missed()).isEmpty();
        assertThat(journal.resumeAfter(1, 10).missed()).hasSize(EventJournal.MAX_REPLAY);
    }
}
