package io.lmdeck.activity;

import io.lmdeck.lifecycle.ManualClock;
import static io.lmdeck.activity.SampleEvents.event;
import static io.lmdeck.activity.SampleEvents.ids;
import static io.lmdeck.activity.SampleEvents.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventJournal;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.events.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every activity-log backend must do; run against real SQLite and real PostgreSQL. */
abstract class ActivityLogContract {
    private final List<ActivityLog> opened = new ArrayList<>();
    final ManualClock clock = new ManualClock(SampleEvents.T0.plus(Duration.ofDays(1)));

    /** Options pointing at this test's own, initially empty, store. */
    abstract ActivityStoreOptions options(Retention retention);

    final JdbcActivityLog open(Retention retention) {
        ActivityLog log = ActivityLogs.open(options(retention), clock);
        opened.add(log);
        return (JdbcActivityLog) log;
    }

    final JdbcActivityLog open() {
        return open(Retention.defaults());
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(ActivityLog::close);
    }

    private static void appendIds(ActivityLog log, long from, long to) {
        log.appendAll(LongStream.rangeClosed(from, to)
                .mapToObj(id -> event(id, EventType.MODEL_LOADING_STARTED, "m" + (id % 3))).toList());
    }

    @Test
    void an_empty_log_has_no_events_and_max_id_zero() {
        ActivityLog log = open();
        assertThat(log.maxId()).isZero();
        assertThat(log.page(new ActivityQuery(50, null, null, null))).isEqualTo(new ActivityPage(List.of(), null));
        assertThat(log.after(0, 10)).isEmpty();
    }

    @Test
    void an_event_comes_back_exactly_as_stored() {
        ActivityLog log = open();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("duration_ms", 6200);
        details.put("context_length", 8192);
        details.put("progress", 0.375);
        details.put("reason", "needs ~21 GB – “quoted” ✓");
        details.put("nested", Map.of("instances", List.of("a", "b"), "ok", true));
        LifecycleEvent stored = new LifecycleEvent(7, EventType.MODEL_LOADING_COMPLETE,
                Instant.parse("2026-11-24T07:01:02.345Z"), "qwen/qwen3-32b", "op-7", Cause.CHAT,
                "LM Studio: Model Ready (Qwen3 32B, 6.2 s)", details);
        LifecycleEvent bare = new LifecycleEvent(8, EventType.LMSTUDIO_OFFLINE,
                Instant.parse("2026-11-24T07:01:03Z"), null, null, Cause.SYSTEM, "LM Studio: Offline", Map.of());
        log.append(stored);
        log.append(bare);

        List<LifecycleEvent> back = log.after(0, 10);
        assertThat(back).hasSize(2);
        assertThat(wire(back.get(0))).isEqualTo(wire(stored));
        assertThat(back.get(1)).isEqualTo(bare);
    }

    @Test
    void pages_go_newest_first_with_next_before_until_the_last_page() {
        ActivityLog log = open();
        appendIds(log, 1, 7);

        ActivityPage first = log.page(new ActivityQuery(3, null, null, null));
        assertThat(ids(first.items())).containsExactly(7L, 6L, 5L);
        assertThat(first.nextBefore()).isEqualTo(5L);
        ActivityPage second = log.page(new ActivityQuery(3, first.nextBefore(), null, null));
        assertThat(ids(second.items())).containsExactly(4L, 3L, 2L);
        assertThat(second.nextBefore()).isEqualTo(2L);
        ActivityPage last = log.page(new ActivityQuery(3, second.nextBefore(), null, null));
        assertThat(ids(last.items())).containsExactly(1L);
        assertThat(last.nextBefore()).isNull();
    }

    @Test
    void a_page_that_ends_exactly_at_the_oldest_event_has_no_next_page() {
        ActivityLog log = open();
        appendIds(log, 1, 6);
        ActivityPage second = log.page(new ActivityQuery(3, 4L, null, null));
        assertThat(ids(second.items())).containsExactly(3L, 2L, 1L);
        assertThat(second.nextBefore()).isNull();
    }

    @Test
    void filters_by_model_and_type_combine_with_paging() {
        ActivityLog log = open();
        List<LifecycleEvent> events = new ArrayList<>();
        for (long id = 1; id <= 30; id++) {
            EventType type = id % 2 == 0 ? EventType.MODEL_LOADING_COMPLETE : EventType.MODEL_LOADING_STARTED;
            events.add(event(id, type, id % 3 == 0 ? "llama" : "qwen"));
        }
        log.appendAll(events);

        ActivityPage llama = log.page(new ActivityQuery(500, null, "llama", null));
        assertThat(ids(llama.items())).containsExactly(30L, 27L, 24L, 21L, 18L, 15L, 12L, 9L, 6L, 3L);
        ActivityPage completes = log.page(new ActivityQuery(4, null, null, EventType.MODEL_LOADING_COMPLETE));
        assertThat(ids(completes.items())).containsExactly(30L, 28L, 26L, 24L);
        ActivityPage both = log.page(new ActivityQuery(2, null, "llama", EventType.MODEL_LOADING_COMPLETE));
        assertThat(ids(both.items())).containsExactly(30L, 24L);
        ActivityPage bothNext = log.page(new ActivityQuery(2, both.nextBefore(), "llama", EventType.MODEL_LOADING_COMPLETE));
        assertThat(ids(bothNext.items())).containsExactly(18L, 12L);
        ActivityPage bothLast = log.page(new ActivityQuery(2, bothNext.nextBefore(), "llama", EventType.MODEL_LOADING_COMPLETE));
        assertThat(ids(bothLast.items())).containsExactly(6L);
        assertThat(bothLast.nextBefore()).isNull();
        assertThat(log.page(new ActivityQuery(10, null, "nobody", null)).items()).isEmpty();
        assertThat(log.page(new ActivityQuery(10, null, null, EventType.LMSTUDIO_ONLINE)).items()).isEmpty();
    }

    @Test
    void after_replays_oldest_first_across_gaps_in_ids() {
        ActivityLog log = open();
        log.appendAll(List.of(event(2, EventType.MODEL_LOADING_STARTED, "a"), event(5, EventType.MODEL_LOADING_PROGRESS, "a"),
                event(9, EventType.MODEL_LOADING_COMPLETE, "a"), event(10, EventType.ACTIVE_MODEL_CHANGED, "a")));
        assertThat(ids(log.after(0, 100))).containsExactly(2L, 5L, 9L, 10L);
        assertThat(ids(log.after(3, 2))).containsExactly(5L, 9L);
        assertThat(ids(log.after(9, 100))).containsExactly(10L);
        assertThat(log.after(10, 100)).isEmpty();
        assertThat(log.maxId()).isEqualTo(10);
    }

    @Test
    void events_and_the_journal_numbering_survive_reopening() {
        ActivityLog first = open();
        appendIds(first, 1, 41);
        first.close();

        ActivityLog reopened = open();
        assertThat(reopened.maxId()).isEqualTo(41);
        assertThat(reopened.after(0, 500)).hasSize(41);
        try (EventJournal journal = new EventJournal(reopened);
             Subscription subscription = journal.subscribe(10)) {
            journal.start();
            journal.publish(SampleEvents.draft(EventType.LMSTUDIO_ONLINE, null, null, Map.of()));
            await().until(() -> reopened.maxId() == 42);
        }
        assertThat(reopened.after(41, 10).get(0).type()).isEqualTo(EventType.LMSTUDIO_ONLINE);
    }

    @Test
    void readers_page_while_the_journal_writes_without_errors() throws Exception {
        ActivityLog log = open();
        ExecutorService readers = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> pages = new ArrayList<>();
            for (int r = 0; r < 12; r++) {
                pages.add(readers.submit(() -> {
                    int read = 0;
                    while (log.maxId() < 400) {
                        read += log.page(new ActivityQuery(50, null, "m1", null)).items().size();
                        read += log.after(Math.max(0, log.maxId() - 20), 20).size();
                    }
                    return read;
                }));
            }
            for (long id = 1; id <= 400; id += 4) {
                appendIds(log, id, id + 3);
            }
            for (Future<Integer> page : pages) {
                assertThat(page.get(60, TimeUnit.SECONDS)).isNotNegative();
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(log.after(0, 500)).hasSize(400);
    }

    @Test
    void retention_drops_events_older_than_the_age_limit_at_start_up() {
        ActivityLog log = open();
        Instant now = clock.instant();
        log.appendAll(List.of(SampleEvents.at(1, now.minus(Duration.ofDays(100))), SampleEvents.at(2, now.minus(Duration.ofDays(91))),
                SampleEvents.at(3, now.minus(Duration.ofDays(89))), SampleEvents.at(4, now.minus(Duration.ofMinutes(1)))));
        log.close();

        ActivityLog reopened = open(Retention.defaults());
        assertThat(ids(reopened.after(0, 10))).containsExactly(3L, 4L);
    }

    @Test
    void retention_always_keeps_the_newest_event_so_ids_never_restart() {
        JdbcActivityLog log = open();
        log.appendAll(List.of(SampleEvents.at(1, clock.instant()), SampleEvents.at(2, clock.instant())));
        clock.advance(Duration.ofDays(365));
        assertThat(log.pruneNow()).isEqualTo(1);
        assertThat(log.maxId()).isEqualTo(2);
        assertThat(ids(log.after(0, 10))).containsExactly(2L);
    }

    @Test
    void retention_keeps_at_most_the_newest_rows_pruning_in_batches() {
        JdbcActivityLog log = open(new Retention(Duration.ofDays(90), 10, Duration.ofHours(1)));
        appendIds(log, 1, 2 * RetentionPruner.BATCH + 500);
        assertThat(log.pruneNow()).isEqualTo(2 * RetentionPruner.BATCH + 490);
        assertThat(ids(log.after(0, 100))).containsExactlyElementsOf(
                LongStream.rangeClosed(2 * RetentionPruner.BATCH + 491, 2 * RetentionPruner.BATCH + 500).boxed().toList());
    }

    @Test
    void retention_runs_periodically() {
        JdbcActivityLog log = open(new Retention(Duration.ofDays(90), 5, Duration.ofMillis(100)));
        appendIds(log, 1, 12);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.count() == 5);
        assertThat(ids(log.after(0, 100))).containsExactly(8L, 9L, 10L, 11L, 12L);
    }
}
