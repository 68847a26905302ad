package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Closed-schema checks worded like the zod validation LM Studio's REST v1 uses. */
final class Zod {
    private Zod() {}

    static void closed(ObjectNode body, Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) unknown.add("'" + name + "'");
        }
        if (!unknown.isEmpty()) {
            throw new ApiError(400, "invalid_request", "Unrecognized key(s) in object: " + String.join(", ", unknown),
                    "unrecognized_keys", null);
        }
    }

    static String requiredString(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw new ApiError(400, "invalid_request", "Required", "invalid_type", field);
        if (!v.isTextual()) throw wrongType(field, "string", v);
        return v.asText();
    }

    static String optionalString(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw wrongType(field, "string", v);
        return v.asText();
    }

    static Integer optionalPositiveInt(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw wrongType(field, "number", v);
        if (!v.canConvertToExactIntegral() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
            throw new ApiError(400, "invalid_request", "Expected a positive integer", "invalid_type", field);
        }
        return v.asInt();
    }

    static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw wrongType(field, "boolean", v);
        return v.asBoolean();
    }

    static ApiError wrongType(String field, String expected, JsonNode got) {
        return new ApiError(400, "invalid_request", "Expected " + expected + ", received " + typeName(got),
                "invalid_type", field);
    }

    static String typeName(JsonNode n) {
        if (n.isTextual()) return "string";
        if (n.isNumber()) return "number";
        if (n.isBoolean()) return "boolean";
        if (n.isArray()) return "array";
        if (n.isNull()) return "null";
        return "object";
    }
}
