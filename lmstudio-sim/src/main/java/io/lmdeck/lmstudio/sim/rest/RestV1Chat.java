package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.engine.InferenceRefusedException;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadFailedException;
import io.lmdeck.lmstudio.sim.engine.LoadHandle;
import io.lmdeck.lmstudio.sim.engine.LoadListener;
import io.lmdeck.lmstudio.sim.engine.LoadSettings;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code POST /api/v1/chat}: the only REST route with load progress. Streaming sends chat.start →
 * (model_load.start → model_load.progress* → model_load.end when this request loads the model) →
 * prompt_processing.* → message.* → chat.end.
 */
public final class RestV1Chat {
    private static final Set<String> KEYS = Set.of("model", "input", "system_prompt", "integrations", "stream",
            "temperature", "top_p", "top_k", "min_p", "repeat_penalty", "max_output_tokens", "reasoning",
            "context_length", "store", "previous_response_id");

    private final ModelEngine engine;
    private final InferenceRouter router;
    private final Responses responses;
    private final ReplyText replies;
    private final Ids ids;

    public RestV1Chat(ModelEngine engine, InferenceRouter router, Responses responses, long seed) {
        this.engine = engine;
        this.router = router;
        this.responses = responses;
        this.replies = new ReplyText(seed);
        this.ids = new Ids(seed + 1);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/api/v1/chat", this::chat);
    }

    private void chat(Context ctx) {
        ObjectNode body = responses.bodyObject(ctx);
        Zod.closed(body, KEYS);
        String model = Zod.requiredString(body, "model");
        JsonNode input = body.get("input");
        if (input == null || !(input.isTextual() || input.isArray())) {
            throw new ApiError(400, "invalid_request", "Required", "invalid_type", "input");
        }
        Integer contextLength = Zod.optionalPositiveInt(body, "context_length");
        Integer maxTokens = Zod.optionalPositiveInt(body, "max_output_tokens");
        boolean stream = Boolean.TRUE.equals(Zod.optionalBoolean(body, "stream"));
        String prompt = Zod.optionalString(body, "system_prompt") + "\n" + input;
        LoadSettings load = LoadSettings.defaults().withContextLength(contextLength)
                .withTtlMs(engine.settings().jitDefaultTtl().toMillis());
        if (!stream) {
            InferenceRouter.Target target = acquire(model, load, LoadListener.NONE);
            responses.json(ctx, 200, result(target, prompt, maxTokens));
            return;
        }
        SseResponse events = new SseResponse(ctx);
        events.event("chat.start", responses.write(responses.object().put("type", "chat.start")));
        InferenceRouter.Target target;
        LoadEvents loadEvents = new LoadEvents(events);
        try {
            target = acquire(model, load, loadEvents);
        } catch (ApiError e) {
            ObjectNode err = responses.object().put("type", "error");
            err.putObject("error").put("type", e.type()).put("message", e.getMessage());
            events.event("error", responses.write(err));
            return;
        }
        loadEvents.ended(target.instance());
        ObjectNode result = result(target, prompt, maxTokens);
        String id = target.instance().identifier();
        event(events, "prompt_processing.start", null);
        event(events, "prompt_processing.progress", responses.object().put("progress", 1.0));
        event(events, "prompt_processing.end", null);
        event(events, "message.start", null);
        long delayNanos = engine.settings().tokenDelayMillis() * 1_000_000L;
        engine.beginWork(id, "generating");
        try {
            for (String token : replies.reply(id, prompt, maxTokens).tokens()) {
                if (events.broken()) return;
                if (engine.instance(id).isEmpty()) {
                    ObjectNode err = responses.object().put("type", "error");
                    err.putObject("error").put("type", "model_not_found").put("message", "Model unloaded.");
                    events.event("error", responses.write(err));
                    return;
                }
                event(events, "message.delta", responses.object().put("content", token));
                if (delayNanos > 0) LockSupport.parkNanos(delayNanos);
            }
        } finally {
            engine.endWork(id);
        }
        event(events, "message.end", null);
        ObjectNode end = responses.object().put("type", "chat.end");
        end.set("result", result);
        events.event("chat.end", responses.write(end));
    }

    private void event(SseResponse events, String type, ObjectNode fields) {
        ObjectNode n = responses.object().put("type", type);
        if (fields != null) n.setAll(fields);
        events.event(type, responses.write(n));
    }

    private InferenceRouter.Target acquire(String model, LoadSettings load, LoadListener listener) {
        try {
            return router.acquire(model, load, engine.settings().jit(), listener);
        } catch (InferenceRefusedException e) {
            throw e.reason() == InferenceRefusedException.Reason.INVALID_MODEL
                    ? new ApiError(404, "model_not_found", e.getMessage(), null, null)
                    : ApiError.badRequest(e.getMessage());
        } catch (LoadFailedException e) {
            throw LoadErrors.toApiError(e);
        }
    }

    private ObjectNode result(InferenceRouter.Target target, String prompt, Integer maxTokens) {
        Instance instance = target.instance();
        ReplyText.Reply reply = replies.reply(instance.identifier(), prompt, maxTokens);
        engine.touch(instance.identifier());
        ObjectNode out = responses.object();
        out.put("model_instance_id", instance.identifier());
        out.putArray("output").addObject().put("type", "message").put("content", reply.text());
        ObjectNode stats = out.putObject("stats");
        stats.put("input_tokens", ReplyText.countTokens(prompt));
        stats.put("total_output_tokens", reply.tokens().size());
        stats.put("reasoning_output_tokens", 0);
        stats.put("tokens_per_second", 51.43);
        stats.put("time_to_first_token_seconds", 0.111);
        if (target.loadTimeSeconds() != null) stats.put("model_load_time_seconds", target.loadTimeSeconds());
        out.put("response_id", ids.response());
        return out;
    }

    /** Streams model_load.* events while this request JIT-loads its model. */
    private final class LoadEvents implements LoadListener {
        private final SseResponse events;
        private volatile String identifier;

        LoadEvents(SseResponse events) {
            this.events = events;
        }

        @Override
        public void started(LoadHandle handle) {
            identifier = handle.identifier();
            event(events, "model_load.start", responses.object().put("model_instance_id", identifier));
        }

        /**
         * model_load.end, written by the request's own thread once the load it waited for is done, so it always
         * comes before prompt processing (a callback on the load's thread could lose that race).
         */
        void ended(Instance instance) {
            if (identifier != null) {
                event(events, "model_load.end", responses.object().put("model_instance_id", instance.identifier())
                        .put("load_time_seconds", instance.loadTimeSeconds()));
            }
        }

        @Override
        public void progress(double fraction) {
            event(events, "model_load.progress", responses.object().put("model_instance_id", identifier)
                    .put("progress", fraction));
        }
    }
}
