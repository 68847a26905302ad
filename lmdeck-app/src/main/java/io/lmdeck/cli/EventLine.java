package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;

/** One lifecycle event as a person reads it: {@code 12:01:33  cli  LM Studio: Model Ready (Qwen3 8B, 6.2 s)}. */
final class EventLine {
    private EventLine() {
    }

    static String of(JsonNode event, Instant now, ZoneId zone) {
        Instant at = Human.instant(Api.text(event, "at"));
        String when = at == null ? "" : Human.time(at, now, zone);
        String cause = event.path("cause").asText("");
        return String.format("%-8s  %-8s  %s", when, cause, event.path("message").asText(event.path("type").asText()))
                .stripTrailing();
    }
}
