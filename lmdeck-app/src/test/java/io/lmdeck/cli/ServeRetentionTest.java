package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityLogs;
import io.lmdeck.activity.ActivityStoreOptions;
import io.lmdeck.activity.SampleEvents;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.http.TestHttp;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --retention-days / --retention-rows} for real: a data directory holding an older activity log,
 * the server started on it with the flag, and {@code GET /api/activity} showing what start-up pruning kept.
 */
class ServeRetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern URL = Pattern.compile("lmdeck is running: open (http://127\\.0\\.0\\.1:\\d+)/?");
    private static final int PREFILLED = 12;

    @TempDir
    Path dataDir;

    @Test
    void retentionRowsKeepsOnlyTheNewestEventsOfTheExistingLog() throws Exception {
        Instant recent = Instant.now().minus(Duration.ofMinutes(5));
        prefill(1, PREFILLED, recent);

        List<Long> kept = prefilledIdsServedWith("--retention-rows", "5");

        assertThat(kept).containsExactly(12L, 11L, 10L, 9L, 8L);
    }

    @Test
    void retentionDaysDropsTheEventsOlderThanThatAtStartUp() throws Exception {
        Instant now = Instant.now();
        prefill(1, 4, now.minus(Duration.ofDays(10)));
        prefill(5, PREFILLED, now.minus(Duration.ofDays(2)));

        List<Long> kept = prefilledIdsServedWith("--retention-days", "7");

        assertThat(kept).containsExactly(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L);
    }

    /** Events {@code fromId..toId}, all at {@code at}, written to the SQLite log in {@link #dataDir}. */
    private void prefill(long fromId, long toId, Instant at) {
        List<LifecycleEvent> events = new ArrayList<>();
        for (long id = fromId; id <= toId; id++) {
            events.add(SampleEvents.at(id, at.plusMillis(id)));
        }
        try (ActivityLog log = ActivityLogs.open(ActivityStoreOptions.sqlite(dataDir))) {
            log.appendAll(events);
        }
    }

    /**
     * Runs {@code serve --simulator} on {@link #dataDir} with {@code retentionFlag}, and returns the ids, newest
     * first, that {@code GET /api/activity} still lists of the prefilled ones (the new server adds its own events
     * after them, e.g. LM Studio coming online).
     */
    private List<Long> prefilledIdsServedWith(String... retentionFlag) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--simulator", "--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(List.of(retentionFlag));
        CliRun serve = new CliRun();
        CompletableFuture<Integer> exit = serve.start(args.toArray(String[]::new));
        try {
            await().atMost(WAIT).failFast(exit::isDone).until(() -> serve.out().contains("Press Ctrl-C to stop."));
            Matcher url = URL.matcher(serve.out());
            assertThat(url.find()).as(serve.out()).isTrue();
            JsonNode page = TestHttp.json(new TestHttp(URI.create(url.group(1))).get("/api/activity?limit=100"));
            return StreamSupport.stream(page.get("items").spliterator(), false)
                    .map(item -> item.get("id").asLong())
                    .filter(id -> id <= PREFILLED)
                    .toList();
        } finally {
            serve.interrupts().press();
            assertThat(exit.get(30, TimeUnit.SECONDS)).as(serve.err()).isEqualTo(ExitCode.OK);
        }
    }
}
