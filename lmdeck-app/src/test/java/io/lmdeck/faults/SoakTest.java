package io.lmdeck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lmdeck.http.SseReader;
import io.lmdeck.http.TestHttp;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A soak: 200 SSE clients connecting and disconnecting (half of them resuming with Last-Event-ID), 20 chats at a
 * time, a model swap every few seconds, for {@code -Dlmdeck.soak.seconds} (default 60, as the issue asks). No errors, no lost
 * events, no leaked SSE connection, heap after GC flat.
 */
@Timeout(240)
class SoakTest {
    private static final int SSE_CLIENTS = 200;
    private static final int CHATS = 20;
    private static final Duration SWAP_EVERY = Duration.ofSeconds(3);
    private static final String[] MODELS = {"google/gemma-3-1b", "llama-3.2-3b-instruct", "qwen/qwen3-4b-2507"};
    /** Heap growth allowed after GC from the end of the warm-up to the end (measured: 2-4 MB after 30 s and after 60 s alike). */
    private static final long HEAP_GROWTH_BOUND = 16L << 20;

    private LmStudioSimulator sim;
    @AutoClose
    private Deck deck;
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void clientsChatsAndSwapsForAWhileWithoutErrorsLostEventsOrGrowth() throws Exception {
        Duration soak = Duration.ofSeconds(Integer.getInteger("lmdeck.soak.seconds", 60));
        deck = Deck.start(0.2);
        sim = deck.sim();
        TestHttp http = deck.http();
        deck.load(MODELS[0]);
        await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(deck.status().path("status").asText()));

        SseReader reference = http.sse("/api/events");
        reference.await("snapshot");
        AtomicInteger swapCount = new AtomicInteger();
        AtomicLong connections = new AtomicLong();
        AtomicLong chatsDone = new AtomicLong();
        ConcurrentLinkedQueue<Resumed> resumed = new ConcurrentLinkedQueue<>();
        // The first third warms up (JIT, Jetty's buffer pools, connection pools); the heap is compared after it and at the end.
        Duration warmUp = soak.dividedBy(3);
        phase(http, warmUp, 0, swapCount, connections, chatsDone, resumed);
        long heapAfterWarmUp = heapAfterGc();
        phase(http, soak.minus(warmUp), SSE_CLIENTS, swapCount, connections, chatsDone, resumed);
        // Let the last swap finish, then check the books.
        await().atMost(Duration.ofSeconds(30)).until(() -> "ready".equals(deck.status().path("status").asText()));
        reference.close();

        System.out.printf("soak %d s: %d SSE connections (%d resumed), %d chats, %d swaps, %d events%n", soak.toSeconds(),
                connections.get(), resumed.size(), chatsDone.get(), swapCount.get(), reference.frames().size());
        assertThat(errors).isEmpty();
        assertThat(swapCount.get()).isGreaterThanOrEqualTo((int) (soak.toSeconds() / SWAP_EVERY.toSeconds()) - 1);
        assertThat(connections.get()).isGreaterThan(SSE_CLIENTS);
        assertThat(chatsDone.get()).isGreaterThan(CHATS);

        // No lost events: the reference client saw contiguous ids; each resumed client got every stored event it missed.
        List<SseReader.Frame> seen = reference.frames();
        assertThat(seen).noneMatch(f -> f.event().equals("resync"));
        List<Long> ids = seen.stream().filter(f -> f.id() != null && !f.event().equals("snapshot"))
                .map(f -> Long.parseLong(f.id())).toList();
        assertThat(ids).hasSizeGreaterThan(10);
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("event id after " + ids.get(i - 1)).isEqualTo(ids.get(i - 1) + 1);
        }
        Map<Long, SseReader.Frame> byId = new java.util.HashMap<>();
        seen.stream().filter(f -> f.id() != null && !f.event().equals("snapshot")).forEach(f -> byId.put(Long.parseLong(f.id()), f));
        assertThat(resumed).isNotEmpty();
        for (Resumed r : resumed) {
            for (long id = r.after() + 1; id <= r.upTo(); id++) {
                SseReader.Frame f = byId.get(id);
                if (f != null && !f.event().equals("model_loading_progress")) {
                    assertThat(r.ids()).as("resumed after " + r.after() + ", stored event " + id + " " + f.event()).contains(id);
                }
            }
        }

        // No leaked SSE connection, heap flat.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deck.sseClients()).isZero());
        long heapAtEnd = heapAfterGc();
        System.out.printf("soak heap after GC: %.1f MB after warm-up, %.1f MB at the end%n", heapAfterWarmUp / 1048576.0,
                heapAtEnd / 1048576.0);
        assertThat(heapAtEnd - heapAfterWarmUp).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_BOUND);
    }

    /** Runs the clients, chats and swaps for {@code duration}; returns when every client has disconnected. */
    private void phase(TestHttp http, Duration duration, int seedOffset, AtomicInteger swapCount, AtomicLong connections,
                       AtomicLong chatsDone, ConcurrentLinkedQueue<Resumed> resumed) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(SSE_CLIENTS + CHATS);
        ScheduledExecutorService swaps = Executors.newSingleThreadScheduledExecutor();
        List<Future<?>> running = new ArrayList<>();
        try {
            swaps.scheduleAtFixedRate(() -> {
                String model = MODELS[swapCount.incrementAndGet() % MODELS.length];
                int status = http.post("/api/models/lmstudio/load", "{\"model_id\":\"" + model + "\"}").statusCode();
                if (status != 200 && status != 202) {
                    errors.add("swap to " + model + " answered " + status);
                }
            }, SWAP_EVERY.toMillis(), SWAP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < SSE_CLIENTS; i++) {
                long seed = seedOffset + i;
                running.add(workers.submit(() -> sseClient(http, end, new Random(seed), connections, resumed)));
            }
            for (int i = 0; i < CHATS; i++) {
                int n = seedOffset + i;
                running.add(workers.submit(() -> chatter(http, end, n, chatsDone)));
            }
            for (Future<?> f : running) {
                f.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
            }
        } finally {
            swaps.shutdownNow();
            workers.shutdownNow();
        }
    }

    /** One resumed connection: the id it resumed after, the ids it then received, the newest id it could know of. */
    private record Resumed(long after, List<Long> ids, long upTo) {
    }

    private void sseClient(TestHttp http, long end, Random random, AtomicLong connections, ConcurrentLinkedQueue<Resumed> resumed) {
        long lastId = -1;
        while (System.nanoTime() < end) {
            boolean resume = lastId > 0 && random.nextBoolean();
            long after = lastId;
            try (SseReader reader = resume ? http.sse("/api/events", "Last-Event-ID", String.valueOf(after)) : http.sse("/api/events")) {
                if (reader.status() != 200) {
                    errors.add("SSE answered " + reader.status());
                    return;
                }
                SseReader.Frame snapshot = reader.await("snapshot");
                connections.incrementAndGet();
                long stayUntil = System.nanoTime() + Duration.ofMillis(300 + random.nextInt(2500)).toNanos();
                await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() >= stayUntil || reader.ended());
                if (reader.ended()) {
                    errors.add("the server ended an SSE stream");
                    return;
                }
                List<SseReader.Frame> frames = reader.frames();
                if (frames.stream().anyMatch(f -> f.event().equals("resync"))) {
                    errors.add("an SSE client was told to resync");
                }
                List<Long> ids = frames.stream().filter(f -> f.id() != null && !f.event().equals("snapshot"))
                        .map(f -> Long.parseLong(f.id())).toList();
                for (int i = 1; i < ids.size(); i++) {
                    if (ids.get(i) <= ids.get(i - 1)) {
                        errors.add("ids out of order: " + ids.get(i - 1) + " then " + ids.get(i));
                    }
                }
                if (resume) {
                    long snapshotId = snapshot.id() == null ? after : Long.parseLong(snapshot.id());
                    resumed.add(new Resumed(after, ids, Math.max(snapshotId, ids.isEmpty() ? after : ids.get(ids.size() - 1))));
                }
                if (!ids.isEmpty()) {
                    lastId = ids.get(ids.size() - 1);
                } else if (snapshot.id() != null) {
                    lastId = Long.parseLong(snapshot.id());
                }
            } catch (RuntimeException | AssertionError e) {
                errors.add("SSE client: " + e);
                return;
            }
        }
    }

    private void chatter(TestHttp http, long end, int n, AtomicLong done) {
        int round = 0;
        while (System.nanoTime() < end) {
            String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"soak " + n + " " + round++ + "\"}],\"stream\":true}";
            try (SseReader reply = http.chat(body)) {
                if (reply.status() != 200) {
                    errors.add("chat answered " + reply.status());
                    return;
                }
                await().atMost(Duration.ofSeconds(60)).until(reply::ended);
                if (reply.frames("done").size() != 1 || reply.frames("delta").isEmpty()) {
                    errors.add("chat ended without a reply: " + reply.frames());
                    return;
                }
                done.incrementAndGet();
            } catch (RuntimeException | AssertionError e) {
                errors.add("chat: " + e);
                return;
            }
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
