package io.lmdeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.wire.Json;

/** {@code --json}: the server's JSON, as received (pretty for a listing, one line per event for a stream). */
final class JsonOutput {
    private static final ObjectMapper MAPPER = Json.newMapper();

    private JsonOutput() {
    }

    static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String line(JsonNode node) {
        return node.toString();
    }
}
