package io.lmdeck.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The inference endpoints the gateway forwards to LM Studio's route of the same path (contract §6). */
public enum Endpoint {
    CHAT_COMPLETIONS("/v1/chat/completions", Dialect.OPENAI),
    COMPLETIONS("/v1/completions", Dialect.OPENAI),
    EMBEDDINGS("/v1/embeddings", Dialect.OPENAI),
    RESPONSES("/v1/responses", Dialect.OPENAI),
    MESSAGES("/v1/messages", Dialect.ANTHROPIC);

    private final String path;
    private final Dialect dialect;

    Endpoint(String path, Dialect dialect) {
        this.path = path;
        this.dialect = dialect;
    }

    public String path() {
        return path;
    }

    public Dialect dialect() {
        return dialect;
    }

    public static Optional<Endpoint> ofPath(String path) {
        for (Endpoint e : values()) if (e.path.equals(path)) return Optional.of(e);
        return Optional.empty();
    }

    /**
     * The SSE frame that ends a stream broken off by LM Studio, as each dialect's SDK recognises an error: a bare
     * {@code data:} error object for OpenAI chat and completions (what LM Studio itself sends), an
     * {@code event: error} frame for the Responses API and for Anthropic.
     */
    public byte[] streamErrorFrame(String message) {
        ObjectNode error = dialect.streamError(message);
        String frame = switch (this) {
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS -> "data: " + Dialect.write(error) + "\n\n";
            case RESPONSES -> "event: error\ndata: " + Dialect.write(responsesError(error)) + "\n\n";
            case MESSAGES -> "event: error\ndata: " + Dialect.write(error) + "\n\n";
        };
        return frame.getBytes(StandardCharsets.UTF_8);
    }

    /** The Responses API's error event carries the error's fields beside {@code "type":"error"}. */
    private static ObjectNode responsesError(ObjectNode envelope) {
        ObjectNode fields = ((ObjectNode) envelope.get("error")).deepCopy();
        fields.remove("type");
        ObjectNode event = envelope.objectNode().put("type", "error");
        event.setAll(fields);
        return event;
    }
}
