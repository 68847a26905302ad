package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;

/**
 * OpenAI-compatible {@code POST /v1/responses} (LM Studio 0.3.29+), streamed or not. Streaming sends typed events
 * ({@code event: response.created} … {@code response.output_text.delta}* … {@code response.completed}), each
 * with a {@code sequence_number}, and no {@code [DONE]}. Errors use the OpenAI envelope, like chat completions.
 * {@code previous_response_id} is accepted and echoed; the simulator keeps no conversation state.
 */
public final class OpenAiResponses {
    private static final String HEX = "0123456789abcdef";
    private final ModelEngine engine;
    private final InferenceRouter router;
    private final Responses responses;
    private final ReplyText replies;
    private final Ids ids;

    public OpenAiResponses(ModelEngine engine, InferenceRouter router, Responses responses, long seed) {
        this.engine = engine;
        this.router = router;
        this.responses = responses;
        this.replies = new ReplyText(seed);
        this.ids = new Ids(seed + 5);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/v1/responses", this::handle);
    }

    private void handle(Context ctx) {
        ObjectNode body = OpenAiBodies.object(responses, ctx);
        String prompt = prompt(body);
        Integer maxTokens = maxOutputTokens(body);
        Instance instance = OpenAiBodies.instance(router, body);
        ReplyText.Reply reply = replies.reply(instance.identifier(), prompt, maxTokens);
        Draft draft = new Draft(ids.next("resp_", 32, HEX), ids.next("msg_", 32, HEX),
                engine.clock().millis() / 1000, instance.identifier(), body, ReplyText.countTokens(prompt));
        try (Generation generation = Generation.begin(engine, instance, "generating")) {
            if (body.path("stream").asBoolean(false)) {
                stream(new SseResponse(ctx), generation, draft, reply);
            } else {
                responses.json(ctx, 200, draft.response(reply, true));
            }
        }
    }

    private void stream(SseResponse events, Generation generation, Draft draft, ReplyText.Reply reply) {
        Sequence seq = new Sequence(events);
        seq.send("response.created", responses.object().set("response", draft.response(null, false)));
        seq.send("response.in_progress", responses.object().set("response", draft.response(null, false)));
        ObjectNode added = responses.object().put("output_index", 0);
        added.set("item", draft.message(null));
        seq.send("response.output_item.added", added);
        ObjectNode partAdded = draft.position();
        partAdded.set("part", draft.part(""));
        seq.send("response.content_part.added", partAdded);
        Generation.Outcome outcome = generation.stream(reply.tokens(), events, token -> {
            ObjectNode delta = draft.position().put("delta", token);
            delta.putArray("logprobs");
            seq.send("response.output_text.delta", delta);
        });
        if (outcome == Generation.Outcome.UNLOADED) {
            ObjectNode error = responses.object().put("code", "model_unloaded").put("message", "Model unloaded.");
            error.putNull("param");
            seq.send("error", error);
            return;
        }
        if (outcome != Generation.Outcome.FINISHED) return;
        ObjectNode textDone = draft.position().put("text", reply.text());
        textDone.putArray("logprobs");
        seq.send("response.output_text.done", textDone);
        ObjectNode partDone = draft.position();
        partDone.set("part", draft.part(reply.text()));
        seq.send("response.content_part.done", partDone);
        ObjectNode itemDone = responses.object().put("output_index", 0);
        itemDone.set("item", draft.message(reply));
        seq.send("response.output_item.done", itemDone);
        ObjectNode finalResponse = draft.response(reply, true);
        seq.send(finalResponse.path("status").asText().equals("incomplete") ? "response.incomplete"
                : "response.completed", responses.object().set("response", finalResponse));
    }

    /** The prompt text: {@code instructions} plus every text in {@code input} (a string or a list of items). */
    private static String prompt(ObjectNode body) {
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw new InferenceErrors.OpenAiError(400, "Required", "input", "missing_required_parameter");
        }
        StringBuilder out = new StringBuilder(body.path("instructions").asText(""));
        if (input.isTextual()) return out.append('\n').append(input.asText()).toString();
        if (!input.isArray()) throw InferenceErrors.invalid("'input' must be a string or an array", "input");
        for (JsonNode item : input) {
            JsonNode content = item.path("content");
            if (content.isTextual()) out.append('\n').append(content.asText());
            for (JsonNode part : content) out.append('\n').append(part.path("text").asText(""));
        }
        return out.toString();
    }

    private static Integer maxOutputTokens(ObjectNode body) {
        JsonNode n = body.get("max_output_tokens");
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw InferenceErrors.invalid("'max_output_tokens' must be a positive integer", "max_output_tokens");
        }
        return n.asInt();
    }

    /** Frames of one streamed response, numbered from 0 in order. */
    private final class Sequence {
        private final SseResponse events;
        private int next;

        Sequence(SseResponse events) {
            this.events = events;
        }

        void send(String type, ObjectNode fields) {
            ObjectNode frame = responses.object().put("type", type);
            frame.setAll(fields);
            frame.put("sequence_number", next++);
            events.event(type, responses.write(frame));
        }
    }

    /** The fixed parts of one response: ids, time, model and the request's echoed settings. */
    private final class Draft {
        private final String id;
        private final String messageId;
        private final long createdAt;
        private final String model;
        private final ObjectNode request;
        private final int inputTokens;

        Draft(String id, String messageId, long createdAt, String model, ObjectNode request, int inputTokens) {
            this.id = id;
            this.messageId = messageId;
            this.createdAt = createdAt;
            this.model = model;
            this.request = request;
            this.inputTokens = inputTokens;
        }

        /** The response object; {@code reply} null while in progress (no output yet, no usage). */
        ObjectNode response(ReplyText.Reply reply, boolean done) {
            boolean cut = reply != null && "length".equals(reply.finishReason());
            ObjectNode r = responses.object();
            r.put("id", id);
            r.put("object", "response");
            r.put("created_at", createdAt);
            r.put("status", !done ? "in_progress" : cut ? "incomplete" : "completed");
            r.putNull("error");
            if (cut) r.putObject("incomplete_details").put("reason", "max_output_tokens");
            else r.putNull("incomplete_details");
            r.set("instructions", request.path("instructions").isTextual() ? request.get("instructions") : null);
            r.set("max_output_tokens", request.get("max_output_tokens"));
            r.put("model", model);
            ArrayNode output = r.putArray("output");
            if (reply != null) output.add(message(reply));
            r.put("parallel_tool_calls", true);
            r.set("previous_response_id", request.path("previous_response_id").isTextual()
                    ? request.get("previous_response_id") : null);
            ObjectNode reasoning = r.putObject("reasoning");
            reasoning.putNull("effort");
            reasoning.putNull("summary");
            r.put("store", request.path("store").asBoolean(true));
            r.put("temperature", request.path("temperature").asDouble(1.0));
            r.putObject("text").putObject("format").put("type", "text");
            r.put("tool_choice", "auto");
            r.putArray("tools");
            r.put("top_p", request.path("top_p").asDouble(1.0));
            r.put("truncation", "disabled");
            r.putObject("metadata");
            if (reply == null) {
                r.putNull("usage");
            } else {
                ObjectNode usage = r.putObject("usage");
                usage.put("input_tokens", inputTokens);
                usage.putObject("input_tokens_details").put("cached_tokens", 0);
                usage.put("output_tokens", reply.tokens().size());
                usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
                usage.put("total_tokens", inputTokens + reply.tokens().size());
            }
            return r;
        }

        /** The assistant message item; {@code reply} null while in progress (no content yet). */
        ObjectNode message(ReplyText.Reply reply) {
            ObjectNode m = responses.object();
            m.put("id", messageId);
            m.put("type", "message");
            m.put("status", reply == null ? "in_progress" : "length".equals(reply.finishReason()) ? "incomplete"
                    : "completed");
            m.put("role", "assistant");
            ArrayNode content = m.putArray("content");
            if (reply != null) content.add(part(reply.text()));
            return m;
        }

        ObjectNode part(String text) {
            ObjectNode p = responses.object().put("type", "output_text").put("text", text);
            p.putArray("annotations");
            p.putArray("logprobs");
            return p;
        }

        /** {@code item_id}, {@code output_index}, {@code content_index}: where a text event belongs. */
        ObjectNode position() {
            return responses.object().put("item_id", messageId).put("output_index", 0).put("content_index", 0);
        }
    }
}
