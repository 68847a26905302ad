package io.lmdeck.events;

import static io.lmdeck.activity.SampleEvents.draft;
import static io.lmdeck.activity.SampleEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityQuery;
import io.lmdeck.activity.ActivityStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event journal over a real SQLite activity log. */
class EventJournalTest extends JournalTestBase {
    GatedLog gatedLog;

    @AfterEach
    void releaseTheGate() {
        if (gatedLog != null) {
            gatedLog.open(); // else closing the journal would wait for a write that never ends
        }
    }

    private static LifecycleEvent started(String model) {
        return draft(EventType.MODEL_LOADING_STARTED, model, "op-" + model, Map.of());
    }

    private static LifecycleEvent progress(String operation, double fraction) {
        return draft(EventType.MODEL_LOADING_PROGRESS, "m", operation, Map.of("progress", fraction));
    }

    private static void assertStrictlyIncreasing(List<LifecycleEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).id()).isGreaterThan(events.get(i - 1).id());
        }
    }

    @Test
    void events_from_many_threads_get_strictly_increasing_ids_in_one_order_for_everyone() throws Exception {
        journal.start();
        Subscription first = journal.subscribe(5_000);
        Subscription second = journal.subscribe(5_000);
        List<Future<?>> publishers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String model = "model-" + t;
            publishers.add(threads.submit(() -> IntStream.range(0, 250).forEach(i -> journal.publish(started(model)))));
        }
        for (Future<?> publisher : publishers) {
            publisher.get(20, TimeUnit.SECONDS);
        }
        List<LifecycleEvent> seenByFirst = receive(first, 2_000);
        List<LifecycleEvent> seenBySecond = receive(second, 2_000);
        assertThat(ids(seenByFirst)).isEqualTo(ids(seenBySecond));
        assertThat(ids(seenByFirst)).containsExactlyElementsOf(IntStream.rangeClosed(1, 2_000).mapToObj(i -> (long) i).toList());
        assertThat(journal.lastEventId()).isEqualTo(2_000);
        assertThat(log.maxId()).isEqualTo(2_000);
    }

    @Test
    void a_subscriber_that_receives_an_event_can_already_read_it_from_the_log() throws Exception {
        journal.start();
        Subscription subscription = journal.subscribe(1_000);
        Future<List<Long>> missingFromLog = threads.submit(() -> {
            List<Long> missing = new ArrayList<>();
            for (LifecycleEvent event : receive(subscription, 300)) {
                List<LifecycleEvent> stored = log.after(event.id() - 1, 1);
                if (stored.isEmpty() || stored.get(0).id() != event.id()) {
                    missing.add(event.id());
                }
            }
            return missing;
        });
        for (int i = 0; i < 300; i++) {
            journal.publish(started("m" + (i % 5)));
        }
        assertThat(missingFromLog.get(30, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void live_events_and_their_stored_rows_are_identical() throws Exception {
        journal.start();
        Subscription subscription = journal.subscribe(10);
        journal.publish(LifecycleEvent.draft(EventType.MODEL_LOADING_COMPLETE, Instant.parse("2026-11-24T07:00:00.123456789Z"),
                "llama", "op-1", Cause.USER, "LM Studio: Model Ready (Llama 3 8B, 6.2 s)",
                Map.of("duration_ms", 6200, "context_length", 8192)));
        LifecycleEvent live = receive(subscription, 1).get(0);
        assertThat(live.at()).isEqualTo(Instant.parse("2026-11-24T07:00:00.123Z"));
        assertThat(log.after(0, 1)).containsExactly(live);
    }

    @Test
    void progress_is_delivered_live_every_time_but_stored_at_most_once_per_ten_percent_per_operation() throws Exception {
        journal.start();
        Subscription subscription = journal.subscribe(1_000);
        journal.publish(draft(EventType.MODEL_LOADING_STARTED, "m", "op-a", Map.of()));
        for (int percent = 0; percent <= 100; percent++) {
            journal.publish(progress("op-a", percent / 100.0));
            if (percent % 25 == 0) {
                journal.publish(progress("op-b", percent / 100.0));
            }
        }
        journal.publish(progress("op-a", 1.0));
        journal.publish(draft(EventType.MODEL_LOADING_COMPLETE, "m", "op-a", Map.of()));

        List<LifecycleEvent> live = receive(subscription, 1 + 101 + 5 + 1 + 1);
        assertStrictlyIncreasing(live);
        List<LifecycleEvent> storedA = log.page(new ActivityQuery(500, null, null, EventType.MODEL_LOADING_PROGRESS)).items()
                .stream().filter(e -> e.operationId().equals("op-a")).toList();
        assertThat(storedA.stream().map(e -> e.details().get("progress")).toList())
                .containsExactly(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0);
        List<LifecycleEvent> storedB = log.page(new ActivityQuery(500, null, null, EventType.MODEL_LOADING_PROGRESS)).items()
                .stream().filter(e -> e.operationId().equals("op-b")).toList();
        assertThat(storedB).hasSize(5);
        assertThat(log.page(new ActivityQuery(500, null, null, EventType.MODEL_LOADING_COMPLETE)).items()).hasSize(1);
    }

    @Test
    void a_slow_subscriber_is_marked_lagging_while_the_others_get_everything() throws Exception {
        journal.start();
        Subscription slow = journal.subscribe(5);
        Subscription fast = journal.subscribe(10);
        AtomicBoolean stop = new AtomicBoolean();
        List<LifecycleEvent> fastReceived = new CopyOnWriteArrayList<>();
        Future<?> fastReader = threads.submit(() -> {
            while (!stop.get()) {
                LifecycleEvent event = fast.poll(Duration.ofMillis(50));
                if (event != null) {
                    fastReceived.add(event);
                }
            }
            return null;
        });
        for (int i = 0; i < 500; i++) {
            journal.publish(started("m"));
            if (i % 8 == 7) { // let the small fast buffer keep up; the slow one never reads
                int expected = i + 1;
                await().atMost(WAIT).until(() -> fastReceived.size() == expected);
            }
        }
        await().atMost(WAIT).until(() -> fastReceived.size() == 500);
        stop.set(true);
        fastReader.get(5, TimeUnit.SECONDS);

        assertThat(fast.lagging()).isFalse();
        assertThat(ids(fastReceived)).containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(i -> (long) i).toList());
        assertThat(slow.lagging()).isTrue();
        assertThat(ids(receive(slow, 5))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(slow.poll(Duration.ofMillis(10))).isNull();
        assertThat(journal.subscriberCount()).isEqualTo(1);
    }

    @Test
    void publishing_never_waits_for_the_database_or_the_subscribers() throws Exception {
        GatedLog slowLog = new GatedLog(log);
        gatedLog = slowLog;
        journal.close();
        journal = new EventJournal(slowLog);
        journal.start();
        Subscription neverRead = journal.subscribe(1);
        Subscription subscriber = journal.subscribe(5_000);

        journal.publish(started("first"));
        await().atMost(WAIT).until(slowLog::writerIsWaiting);
        Future<?> publisher = threads.submit(() -> IntStream.range(0, 2_000).forEach(i -> journal.publish(started("m"))));
        publisher.get(10, TimeUnit.SECONDS); // returned while the journal is stuck writing

        assertThat(subscriber.poll(Duration.ZERO)).as("nothing announced before it is stored").isNull();
        slowLog.open();
        assertThat(receive(subscriber, 2_001)).hasSize(2_001);
        assertThat(neverRead.lagging()).isTrue();
    }

    @Test
    void when_the_database_fails_events_are_still_announced_and_the_failure_is_counted() throws Exception {
        ActivityLog failing = new GatedLog(log) {
            @Override
            public void appendAll(List<LifecycleEvent> events) {
                throw new ActivityStoreException("The activity log in the PostgreSQL database x failed: connection lost");
            }
        };
        journal.close();
        journal = new EventJournal(failing);
        journal.start();
        Subscription subscription = journal.subscribe(10);
        journal.publish(started("m"));
        assertThat(ids(receive(subscription, 1))).containsExactly(1L);
        assertThat(journal.persistFailures()).isEqualTo(1);
    }

    @Test
    void events_published_together_are_stored_in_one_write_and_announced_in_order() throws Exception {
        List<List<Long>> writes = new CopyOnWriteArrayList<>();
        GatedLog counting = new GatedLog(log) {
            @Override
            public void appendAll(List<LifecycleEvent> events) {
                writes.add(ids(events));
                super.appendAll(events);
            }
        };
        counting.open();
        journal.close();
        journal = new EventJournal(counting);
        journal.start();
        Subscription subscription = journal.subscribe(10);

        journal.publishAll(List.of(progress("op-1", 1.0),
                draft(EventType.MODEL_LOADING_COMPLETE, "m", "op-1", Map.of())));

        List<LifecycleEvent> received = receive(subscription, 2);
        assertThat(received).extracting(LifecycleEvent::type)
                .containsExactly(EventType.MODEL_LOADING_PROGRESS, EventType.MODEL_LOADING_COMPLETE);
        assertThat(writes).containsExactly(List.of(1L, 2L)); // one transaction, so one disk sync on the way
    }

    @Test
    void fifty_subscribers_each_get_every_event_in_order() throws Exception {
        journal.start();
        List<Subscription> subscriptions = IntStream.range(0, 50).mapToObj(i -> journal.subscribe(1_000)).toList();
        List<Future<List<LifecycleEvent>>> readers = subscriptions.stream()
                .map(subscription -> threads.submit(() -> receive(subscription, 400))).toList();
        for (int i = 0; i < 400; i++) {
            journal.publish(started("m" + (i % 7)));
        }
        for (Future<List<LifecycleEvent>> reader : readers) {
            assertThat(ids(reader.get(30, TimeUnit.SECONDS)))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 400).mapToObj(i -> (long) i).toList());
        }
        assertThat(subscriptions).noneMatch(Subscription::lagging);
    }

    @Test
    void closing_the_journal_stores_and_delivers_everything_already_published() throws Exception {
        journal.start();
        Subscription subscription = journal.subscribe(1_000);
        for (int i = 0; i < 500; i++) {
            journal.publish(started("m"));
        }
        journal.close();
        assertThat(log.maxId()).isEqualTo(500);
        assertThat(receive(subscription, 500)).hasSize(500);
        journal.publish(started("after close"));
        assertThat(subscription.poll(Duration.ofMillis(50))).isNull();
    }

    @Test
    void events_published_before_start_are_journaled_after_the_stored_ids() {
        log.appendAll(List.of(io.lmdeck.activity.SampleEvents.event(41, EventType.LMSTUDIO_ONLINE, null)));
        journal.publish(started("early"));
        journal.start();
        await().atMost(WAIT).until(() -> journal.lastEventId() == 42);
        assertThat(log.after(41, 5).get(0).modelId()).isEqualTo("early");
    }

    @Test
    void closing_a_subscription_stops_its_delivery_only() throws Exception {
        journal.start();
        Subscription closed = journal.subscribe(100);
        Subscription open = journal.subscribe(100);
        closed.close();
        journal.publish(started("m"));
        assertThat(receive(open, 1)).hasSize(1);
        assertThat(closed.poll(Duration.ofMillis(20))).isNull();
        assertThat(journal.subscriberCount()).isEqualTo(1);
    }

    @Test
    void started_journal_cannot_start_twice() {
        journal.start();
        org.assertj.core.api.Assertions.assertThatThrownBy(journal::start).isInstanceOf(IllegalStateException.class);
    }
}
