package io.lmdeck.cli;

/** One Server-Sent Event as received: {@code id:}, {@code event:} (default "message") and the joined {@code data:} lines. */
record SseEvent(String id, String event, String data) {
}
