package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.engine.InferenceRefusedException;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadFailedException;
import io.lmdeck.lmstudio.sim.engine.LoadListener;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;

/**
 * Anthropic-compatible {@code POST /v1/messages} (LM Studio 0.4.1+), streamed or not, with the same JIT behaviour as
 * the OpenAI routes. Streaming sends Anthropic's typed events: {@code message_start}, {@code content_block_start},
 * {@code ping}, {@code content_block_delta}*, {@code content_block_stop}, {@code message_delta},
 * {@code message_stop}. Errors use Anthropic's envelope {@code {"type":"error","error":{"type","message"}}}; the
 * statuses follow LM Studio's OpenAI routes (400 for an unknown model or a model that cannot be used), as public
 * material does not show what LM Studio answers here.
 */
public final class AnthropicMessages {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final ModelEngine engine;
    private final InferenceRouter router;
    private final Responses responses;
    private final ReplyText replies;
    private final Ids ids;

    public AnthropicMessages(ModelEngine engine, InferenceRouter router, Responses responses, long seed) {
        this.engine = engine;
        this.router = router;
        this.responses = responses;
        this.replies = new ReplyText(seed);
        this.ids = new Ids(seed + 7);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/v1/messages", ctx -> {
            try {
                handle(ctx);
            } catch (AnthropicError e) {
                ObjectNode body = responses.object().put("type", "error");
                body.putObject("error").put("type", e.type).put("message", e.getMessage());
                responses.json(ctx, e.status, body);
            }
        });
    }

    private void handle(Context ctx) {
        ObjectNode body;
        try {
            body = responses.bodyObject(ctx);
        } catch (ApiError e) {
            throw AnthropicError.invalid(e.getMessage());
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual()) throw AnthropicError.invalid("model: Field required (a string)");
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens == null || !maxTokens.isIntegralNumber() || maxTokens.asInt() < 1) {
            throw AnthropicError.invalid("max_tokens: Field required (a positive integer)");
        }
        String prompt = prompt(body);
        Instance instance = acquire(model.asText(), body);
        ReplyText.Reply reply = replies.reply(instance.identifier(), prompt, maxTokens.asInt());
        Draft draft = new Draft(ids.next("msg_", 24, BASE62), instance.identifier(), ReplyText.countTokens(prompt));
        try (Generation generation = Generation.begin(engine, instance, "generating")) {
            if (body.path("stream").asBoolean(false)) {
                stream(new SseResponse(ctx), generation, draft, reply);
            } else {
                ObjectNode out = draft.message(stopReason(reply), reply.tokens().size());
                ((ArrayNode) out.get("content")).addObject().put("type", "text").put("text", reply.text());
                responses.json(ctx, 200, out);
            }
        }
    }

    private Instance acquire(String model, ObjectNode body) {
        try {
            return router.acquire(model, OpenAiBodies.ttlSeconds(body), LoadListener.NONE).instance();
        } catch (InferenceErrors.OpenAiError e) {
            throw AnthropicError.invalid(e.getMessage());
        } catch (InferenceRefusedException e) {
            throw AnthropicError.invalid(e.getMessage());
        } catch (LoadFailedException e) {
            throw new AnthropicError(500, "api_error", "Failed to load model: " + e.getMessage());
        }
    }

    private void stream(SseResponse events, Generation generation, Draft draft, ReplyText.Reply reply) {
        send(events, "message_start", responses.object().set("message", draft.message(null, 1)));
        ObjectNode blockStart = responses.object().put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        send(events, "content_block_start", blockStart);
        send(events, "ping", responses.object());
        Generation.Outcome outcome = generation.stream(reply.tokens(), events, token -> {
            ObjectNode delta = responses.object().put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", token);
            send(events, "content_block_delta", delta);
        });
        if (outcome == Generation.Outcome.UNLOADED) {
            ObjectNode error = responses.object();
            error.putObject("error").put("type", "api_error").put("message", "Model unloaded.");
            send(events, "error", error);
            return;
        }
        if (outcome != Generation.Outcome.FINISHED) return;
        send(events, "content_block_stop", responses.object().put("index", 0));
        ObjectNode messageDelta = responses.object();
        messageDelta.putObject("delta").put("stop_reason", stopReason(reply)).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", reply.tokens().size());
        send(events, "message_delta", messageDelta);
        send(events, "message_stop", responses.object());
    }

    private void send(SseResponse events, String type, ObjectNode fields) {
        ObjectNode frame = responses.object().put("type", type);
        frame.setAll(fields);
        events.event(type, responses.write(frame));
    }

    private static String stopReason(ReplyText.Reply reply) {
        return "length".equals(reply.finishReason()) ? "max_tokens" : "end_turn";
    }

    /** {@code system} (a string or text blocks) and every text of every message. */
    private static String prompt(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) throw AnthropicError.invalid("messages: Field required (an array)");
        StringBuilder out = new StringBuilder();
        JsonNode system = body.path("system");
        if (system.isTextual()) out.append(system.asText());
        for (JsonNode block : system) out.append(block.path("text").asText(""));
        for (JsonNode m : messages) {
            JsonNode content = m.path("content");
            if (content.isTextual()) out.append('\n').append(content.asText());
            for (JsonNode block : content) out.append('\n').append(block.path("text").asText(""));
        }
        return out.toString();
    }

    /** The fixed parts of one reply. */
    private final class Draft {
        private final String id;
        private final String model;
        private final int inputTokens;

        Draft(String id, String model, int inputTokens) {
            this.id = id;
            this.model = model;
            this.inputTokens = inputTokens;
        }

        /** The message object with empty content; {@code stopReason} null while streaming. */
        ObjectNode message(String stopReason, int outputTokens) {
            ObjectNode m = responses.object();
            m.put("id", id);
            m.put("type", "message");
            m.put("role", "assistant");
            m.put("model", model);
            m.putArray("content");
            m.put("stop_reason", stopReason);
            m.putNull("stop_sequence");
            ObjectNode usage = m.putObject("usage");
            usage.put("input_tokens", inputTokens);
            usage.putNull("cache_creation_input_tokens");
            usage.putNull("cache_read_input_tokens");
            usage.put("output_tokens", outputTokens);
            return m;
        }
    }

    /** An error answer in Anthropic's envelope. */
    private static final class AnthropicError extends RuntimeException {
        final int status;
        final String type;

        AnthropicError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }

        static AnthropicError invalid(String message) {
            return new AnthropicError(400, "invalid_request_error", message);
        }
    }
}
