package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;

/** Legacy {@code POST /v1/completions} and {@code /api/v0/completions} (prompt in, text out). */
public final class TextCompletions {
    private final ModelEngine engine;
    private final InferenceRouter router;
    private final Responses responses;
    private final ReplyText replies;
    private final Ids ids;

    public TextCompletions(ModelEngine engine, InferenceRouter router, Responses responses, long seed) {
        this.engine = engine;
        this.router = router;
        this.responses = responses;
        this.replies = new ReplyText(seed);
        this.ids = new Ids(seed + 3);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/v1/completions", this::handle);
        routes.post("/api/v0/completions", this::handle);
    }

    private void handle(Context ctx) {
        ObjectNode body = OpenAiBodies.object(responses, ctx);
        JsonNode prompt = body.get("prompt");
        if (prompt == null || !prompt.isTextual()) {
            throw InferenceErrors.invalid("'prompt' field is required and must be a string", "prompt");
        }
        Integer maxTokens = OpenAiBodies.maxTokens(body);
        Instance instance = OpenAiBodies.instance(router, body);
        ReplyText.Reply reply = replies.reply(instance.identifier(), prompt.asText(), maxTokens);
        String id = ids.next("cmpl-", 21, "abcdefghijklmnopqrstuvwxyz0123456789");
        long created = engine.clock().millis() / 1000;
        try (Generation generation = Generation.begin(engine, instance, "generating")) {
            if (body.path("stream").asBoolean(false)) {
                SseResponse events = new SseResponse(ctx);
                Generation.Outcome outcome = generation.stream(reply.tokens(), events,
                        token -> events.data(responses.write(completion(id, created, instance, token, null))));
                if (outcome == Generation.Outcome.UNLOADED) {
                    events.data(responses.write(InferenceErrors.unloadedFrame(responses)));
                } else if (outcome == Generation.Outcome.FINISHED) {
                    events.data(responses.write(completion(id, created, instance, "", reply.finishReason())));
                    events.data("[DONE]");
                }
            } else {
                ObjectNode out = completion(id, created, instance, reply.text(), reply.finishReason());
                out.set("usage", OpenAiBodies.usage(responses, ReplyText.countTokens(prompt.asText()),
                        reply.tokens().size()));
                responses.json(ctx, 200, out);
            }
        }
    }

    private ObjectNode completion(String id, long created, Instance instance, String text, String finishReason) {
        ObjectNode out = responses.object();
        out.put("id", id);
        out.put("object", "text_completion");
        out.put("created", created);
        out.put("model", instance.identifier());
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", text);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return out;
    }
}
