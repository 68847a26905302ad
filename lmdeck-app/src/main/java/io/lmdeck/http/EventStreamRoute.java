package io.lmdeck.http;

import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/events}: Server-Sent Events. Unlike Javalin's own SSE handler this does not need
 * {@code Accept: text/event-stream} (curl works as is) and holds no thread per client (non-blocking writes).
 * {@code Last-Event-ID} (header, or {@code ?last_event_id=} for clients that cannot set headers) resumes.
 */
final class EventStreamRoute {
    /** Stands for a Last-Event-ID that is no id at all; no server issues it, so the hub answers resync. */
    private static final long NEVER_ISSUED = Long.MAX_VALUE;

    private final SseHub hub;
    private final int clientBuffer;

    EventStreamRoute(SseHub hub, int clientBuffer) {
        this.hub = hub;
        this.clientBuffer = clientBuffer;
    }

    void handle(Context ctx) {
        Long lastEventId = lastEventId(ctx);
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        SseConnection conn = lastEventId == null ? hub.connect(clientBuffer) : resume(lastEventId);
        ctx.future(() -> {
            try {
                AsyncContext async = ctx.req().getAsyncContext();
                async.setTimeout(0);
                async.addListener(conn);
                conn.attach(res.getOutputStream());
            } catch (Exception e) {
                conn.close();
            }
            // Continue Javalin's flow on another thread, never inside the hub's or the connection's lock.
            return conn.closed().thenApplyAsync(v -> v);
        });
    }

    private SseConnection resume(long lastEventId) {
        try {
            return hub.resume(clientBuffer, lastEventId);
        } catch (RuntimeException e) {
            throw new ApiException(503, "activity_log_unavailable", "Cannot replay missed events right now; reconnect without Last-Event-ID");
        }
    }

    private static Long lastEventId(Context ctx) {
        String raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            raw = ctx.queryParam("last_event_id");
        }
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(raw.trim());
            return id < 0 ? NEVER_ISSUED : id;
        } catch (NumberFormatException e) {
            return NEVER_ISSUED; // "abc" is an id this server never issued either: resync, as documented
        }
    }
}
