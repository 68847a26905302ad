package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/** Writes JSON answers and LM Studio's error envelopes; parses request bodies. */
public final class Responses {
    /** Context attribute: the handler answered itself, so the unknown-route fallback must not rewrite it. */
    public static final String ANSWERED = "lmstudio-sim.answered";

    private final ObjectMapper mapper;

    public Responses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public void json(Context ctx, int status, JsonNode body) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status).contentType("application/json; charset=utf-8").result(write(body));
    }

    public String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** LM Studio's native envelope: {@code {"error":{"type","message","code"?,"param"?}}}. */
    public void error(Context ctx, ApiError e) {
        ObjectNode err = object();
        err.put("type", e.type());
        err.put("message", e.getMessage());
        if (e.code() != null) err.put("code", e.code());
        if (e.param() != null) err.put("param", e.param());
        ObjectNode body = object();
        body.set("error", err);
        json(ctx, e.status(), body);
    }

    /** OpenAI-compatible envelope: {@code {"error":{"message","type","param","code"}}}. */
    public void openAiError(Context ctx, int status, String message, String param, String code) {
        ObjectNode err = object();
        err.put("message", message);
        err.put("type", "invalid_request_error");
        err.put("param", param);
        err.put("code", code);
        ObjectNode body = object();
        body.set("error", err);
        json(ctx, status, body);
    }

    /** {@code {"error":"Unexpected endpoint or method. (GET /x)"}}, by default with HTTP 200 like LM Studio. */
    public void unexpectedEndpoint(Context ctx, int status) {
        ObjectNode body = object();
        body.put("error", "Unexpected endpoint or method. (" + ctx.method().name() + " " + ctx.path() + ")");
        json(ctx, status, body);
    }

    /** The request body as a JSON object, or a 400 in LM Studio's envelope. */
    public ObjectNode bodyObject(Context ctx) {
        String text = ctx.body();
        JsonNode node;
        try {
            node = text.isBlank() ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("Invalid JSON in request body: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode)) {
            throw new ApiError(400, "invalid_request", "Expected object, received "
                    + (node == null ? "undefined" : Zod.typeName(node)), "invalid_type", null);
        }
        return (ObjectNode) node;
    }
}
