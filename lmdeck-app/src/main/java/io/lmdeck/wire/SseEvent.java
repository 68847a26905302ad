package io.lmdeck.wire;

/** One Server-Sent Event as received: {@code id:}, {@code event:} (default "message") and the joined {@code data:} lines. */
public record SseEvent(String id, String event, String data) {
}
