package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

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
