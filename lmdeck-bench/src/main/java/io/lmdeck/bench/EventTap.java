package io.lmdeck.bench;

import io.lmdeck.wire.SseEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One SSE client of lmdeck whose frames can be awaited in order, each with the time it was read. */
final class EventTap implements AutoCloseable {
    /** A frame and when its bytes were read. */
    record Received(SseEvent frame, long nanos) {
    }

    private final BlockingQueue<Received> frames = new LinkedBlockingQueue<>();
    /** The last frames received, for failure messages. */
    private final java.util.Deque<String> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final SseSwarm swarm;

    EventTap(int port) throws IOException {
        swarm = SseSwarm.connect(port, 1, (client, frame, nanos) -> {
            frames.add(new Received(frame, nanos));
            recent.addLast(frame.event() + " " + (frame.event().equals("snapshot") ? "" : frame.data()));
            if (recent.size() > 30) {
                recent.pollFirst();
            }
        },
                Duration.ofSeconds(15));
    }

    /** Drops frames until one matches; fails after {@code timeout}. */
    Received await(Predicate<SseEvent> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received next = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                throw new IllegalStateException("no matching event within " + timeout
                        + (swarm.failures() > 0 ? " (the event stream failed)" : "") + "; " + recentEvents());
            }
            if (wanted.test(next.frame())) {
                return next;
            }
        }
    }

    Received awaitEvent(String type, Duration timeout) throws InterruptedException {
        return await(f -> type.equals(f.event()), timeout);
    }

    /** The last events received, one per line. */
    String recentEvents() {
        return "last events:\n  " + String.join("\n  ", recent);
    }

    void clear() {
        frames.clear();
    }

    @Override
    public void close() {
        swarm.close();
    }
}
