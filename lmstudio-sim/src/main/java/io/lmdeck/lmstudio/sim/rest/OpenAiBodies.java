package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lmdeck.lmstudio.sim.engine.InferenceRouter;
import io.lmdeck.lmstudio.sim.engine.Instance;
import io.lmdeck.lmstudio.sim.engine.LoadListener;

/** Reading the common fields of OpenAI-compatible request bodies, with OpenAI-style errors. */
final class OpenAiBodies {
    private OpenAiBodies() {}

    static ObjectNode object(Responses responses, Context ctx) {
        try {
            return responses.bodyObject(ctx);
        } catch (ApiError e) {
            throw InferenceErrors.invalid(e.getMessage(), null);
        }
    }

    static String model(ObjectNode body) {
        JsonNode m = body.get("model");
        if (m == null || m.isNull()) return null;
        if (!m.isTextual()) throw InferenceErrors.invalid("'model' must be a string", "model");
        return m.asText();
    }

    /** The instance that answers the body's model (JIT-loading it when LM Studio would), or an OpenAI-style error. */
    static Instance instance(InferenceRouter router, ObjectNode body) {
        try {
            return router.acquire(model(body), ttlSeconds(body), LoadListener.NONE).instance();
        } catch (InferenceErrors.OpenAiError e) {
            throw e;
        } catch (RuntimeException e) {
            throw InferenceErrors.of(e);
        }
    }

    static Integer maxTokens(ObjectNode body) {
        JsonNode n = body.get("max_tokens");
        if (n == null || n.isNull()) return null;
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw InferenceErrors.invalid("'max_tokens' must be an integer", "max_tokens");
        }
        return n.asInt() < 0 ? null : n.asInt();
    }

    static Long ttlSeconds(ObjectNode body) {
        JsonNode n = body.get("ttl");
        if (n == null || n.isNull()) return null;
        if (!n.isNumber() || n.asDouble() <= 0) throw InferenceErrors.invalid("'ttl' must be a positive number", "ttl");
        return (long) Math.ceil(n.asDouble());
    }

    /** OpenAI's {@code usage} object. */
    static ObjectNode usage(Responses responses, int promptTokens, int completionTokens) {
        ObjectNode u = responses.object();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completionTokens);
        u.put("total_tokens", promptTokens + completionTokens);
        return u;
    }
}
