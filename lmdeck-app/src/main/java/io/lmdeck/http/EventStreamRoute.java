package io.lmdeck.http;

import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/events}: Server-Sent Events. Unlike Javalin's own SSE handler this does not need
 * {@code Accept: text/event-stream} (curl works as is) and holds no thread per client (non-blocking writes).
 * {@code Last-Event-ID} (header, or {@code ?last_event_id=} for clients that cannot set headers) resumes; one that is
 * not an id this server gave out gets {@code resync} and a snapshot. {@code ?state=1} adds the live-only
 * {@code state} frames (see {@link StateChange}).
 */
final class EventStreamRoute {
    private final SseHub hub;
    private final int clientBuffer;

    EventStreamRoute(SseHub hub, int clientBuffer) {
        this.hub = hub;
        this.clientBuffer = clientBuffer;
    }

    void handle(Context ctx) {
        boolean followsState = followsState(ctx);
        String lastEventId = lastEventId(ctx);
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        SseConnection conn = lastEventId == null ? hub.connect(clientBuffer, followsState)
                : resume(followsState, parseId(lastEventId));
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

    private SseConnection resume(boolean followsState, Long lastEventId) {
        try {
            return hub.resume(clientBuffer, followsState, lastEventId);
        } catch (RuntimeException e) {
            throw new ApiException(503, "activity_log_unavailable", "Cannot replay missed events right now; reconnect without Last-Event-ID");
        }
    }

    /** The id the client says it saw last, as sent; null when it sent none. */
    private static String lastEventId(Context ctx) {
        String raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            raw = ctx.queryParam("last_event_id");
        }
        return raw == null || raw.isBlank() ? null : raw.trim();
    }

    /** Null for anything that is not an id this server could have given out ({@code abc}, {@code -1}). */
    private static Long parseId(String raw) {
        try {
            long id = Long.parseLong(raw);
            return id < 0 ? null : id;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean followsState(Context ctx) {
        String raw = ctx.queryParam("state");
        if (raw == null || raw.equals("0") || raw.equals("false")) {
            return false;
        }
        if (raw.equals("1") || raw.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("Query parameter 'state' must be 1 or 0 (true or false), got '" + raw + "'");
    }
}
