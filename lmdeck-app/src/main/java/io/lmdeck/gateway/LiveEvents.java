package io.lmdeck.gateway;

import java.util.Map;

/**
 * Where the gateway's request events go ({@code request_queued}, {@code request_started}, {@code request_finished},
 * contract §6): to the clients of {@code /api/events} that are live right now, and nowhere else. They are never
 * journaled, stored in the activity log nor replayed on {@code Last-Event-ID}: one line per request would drown the
 * log of loads and unloads it is for.
 */
@FunctionalInterface
public interface LiveEvents {
    /** Sends {@code data} as an SSE frame named {@code type}, without an {@code id:} line; never blocks. */
    void publish(String type, Map<String, Object> data);

    LiveEvents NONE = (type, data) -> { };
}
