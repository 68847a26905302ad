package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadListener;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.concurrent.locks.LockSupport;

/** {@code POST /v1/chat/completions} (OpenAI shape, streamed or not) and its v0 twin with stats. */
public final class ChatCompletions {
    private final ModelEngine engine;
    private final InferenceRouter router;
    private final Responses responses;
    private final ReplyText replies;
    private final Ids ids;

    public ChatCompletions(ModelEngine engine, InferenceRouter router, Responses responses, long seed) {
        this.engine = engine;
        this.router = router;
        this.responses = responses;
        this.replies = new ReplyText(seed);
        this.ids = new Ids(seed);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/v1/chat/completions", ctx -> handle(ctx, false));
        routes.post("/api/v0/chat/completions", ctx -> handle(ctx, true));
    }

    private void handle(Context ctx, boolean v0) {
        ObjectNode body = OpenAiBodies.object(responses, ctx);
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw InferenceErrors.invalid("'messages' field is required and must be an array", "messages");
        }
        String model = OpenAiBodies.model(body);
        Integer maxTokens = OpenAiBodies.maxTokens(body);
        boolean stream = body.path("stream").asBoolean(false);
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        InferenceRouter.Target target;
        try {
            target = router.acquire(model, OpenAiBodies.ttlSeconds(body), LoadListener.NONE);
        } catch (RuntimeException e) {
            throw InferenceErrors.of(e);
        }
        Instance instance = target.instance();
        StringBuilder prompt = new StringBuilder();
        for (JsonNode m : messages) prompt.append(m.path("content").asText("")).append('\n');
        ReplyText.Reply reply = replies.reply(instance.identifier(), prompt.toString(), maxTokens);
        int promptTokens = ReplyText.countTokens(prompt.toString());
        String id = ids.chatCompletion();
        long created = engine.clock().millis() / 1000;
        engine.beginWork(instance.identifier(), "generating");
        try {
            if (stream) {
                streamReply(ctx, id, created, instance, reply, promptTokens, includeUsage);
            } else {
                ObjectNode out = completion(id, created, instance, reply, promptTokens);
                if (v0) addV0Extras(out, instance, reply);
                responses.json(ctx, 200, out);
            }
        } finally {
            engine.endWork(instance.identifier());
        }
    }

    private ObjectNode completion(String id, long created, Instance instance, ReplyText.Reply reply, int promptTokens) {
        ObjectNode out = responses.object();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", instance.identifier());
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.finishReason());
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", reply.text());
        out.set("usage", OpenAiBodies.usage(responses, promptTokens, reply.tokens().size()));
        out.put("system_fingerprint", instance.identifier());
        return out;
    }

    private void addV0Extras(ObjectNode out, Instance instance, ReplyText.Reply reply) {
        CatalogModel m = engine.model(instance.modelKey());
        ObjectNode stats = out.putObject("stats");
        stats.put("tokens_per_second", 51.43);
        stats.put("time_to_first_token", 0.111);
        stats.put("generation_time", Math.round(reply.tokens().size() / 51.43 * 1000) / 1000d);
        stats.put("stop_reason", "length".equals(reply.finishReason()) ? "maxPredictedTokensReached" : "eosFound");
        ObjectNode info = out.putObject("model_info");
        info.put("arch", m.architecture());
        info.put("quant", m.quantization());
        info.put("format", m.format());
        info.put("context_length", instance.contextLength());
        ObjectNode runtime = out.putObject("runtime");
        runtime.put("name", m.isMlx() ? "mlx-llm-mac-arm64-apple-metal-advsimd" : "llama.cpp-linux-x86_64-avx2");
        runtime.put("version", "1.3.0");
        runtime.putArray("supported_formats").add(m.format());
    }

    private void streamReply(Context ctx, String id, long created, Instance instance, ReplyText.Reply reply,
                             int promptTokens, boolean includeUsage) {
        SseResponse events = new SseResponse(ctx);
        long delayNanos = engine.settings().tokenDelayMillis() * 1_000_000L;
        for (String token : reply.tokens()) {
            if (events.broken()) return;
            if (engine.instance(instance.identifier()).isEmpty()) {
                // Unloaded mid-generation (external unload, auto-evict): OpenAI-style error in the stream (0.3.18+).
                ObjectNode error = responses.object();
                error.putObject("error").put("message", "Model unloaded.").put("type", "invalid_request_error")
                        .putNull("param").putNull("code");
                events.data(responses.write(error));
                return;
            }
            ObjectNode chunk = chunk(id, created, instance);
            ObjectNode choice = (ObjectNode) chunk.get("choices").get(0);
            choice.putObject("delta").put("role", "assistant").put("content", token);
            choice.putNull("finish_reason");
            events.data(responses.write(chunk));
            if (delayNanos > 0) LockSupport.parkNanos(delayNanos);
        }
        ObjectNode last = chunk(id, created, instance);
        ObjectNode choice = (ObjectNode) last.get("choices").get(0);
        choice.putObject("delta");
        choice.put("finish_reason", reply.finishReason());
        if (includeUsage) last.set("usage", OpenAiBodies.usage(responses, promptTokens, reply.tokens().size()));
        events.data(responses.write(last));
        events.data("[DONE]");
    }

    private ObjectNode chunk(String id, long created, Instance instance) {
        ObjectNode c = responses.object();
        c.put("id", id);
        c.put("object", "chat.completion.chunk");
        c.put("created", created);
        c.put("model", instance.identifier());
        c.put("system_fingerprint", instance.identifier());
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putNull("logprobs");
        return c;
    }
}
