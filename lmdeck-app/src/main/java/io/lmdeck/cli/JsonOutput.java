package io.lmdeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The CLI's JSON: its one mapper, and {@code --json} output, the server's JSON as received (pretty for a listing,
 * one line per event for a stream).
 */
final class JsonOutput {
    /**
     * A plain mapper: the CLI reads trees and writes maps whose keys are already the wire's, so it needs none of
     * the server's set-up ({@code wire.Json}: the java.time module, naming strategy), which would cost every call
     * its start-up.
     */
    static final ObjectMapper MAPPER = new ObjectMapper();

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
