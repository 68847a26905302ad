package io.lmdeck.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;

/**
 * A request body read strictly: at most {@link #MAX_BYTES} (413 beyond), a JSON object, no unknown
 * fields (a typo such as {@code modelid} is an error, not silently ignored), and every field of the
 * expected JSON type; each refusal is a 400 naming the field.
 */
public final class JsonBody {
    public static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // "{…} {…}" is not one JSON object
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** Reads the body of {@code ctx} and checks that it only has {@code allowed} fields. */
    public static JsonBody read(Context ctx, Set<String> allowed) {
        byte[] bytes = readLimited(ctx);
        if (bytes.length == 0) {
            throw ApiException.badRequest("Request body is empty; expected a JSON object");
        }
        JsonNode parsed;
        try {
            parsed = STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(describe(e));
        } catch (IOException e) {
            throw ApiException.badRequest("Request body could not be read");
        }
        if (parsed == null || !parsed.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        JsonBody body = new JsonBody((ObjectNode) parsed);
        body.rejectUnknown(allowed);
        return body;
    }

    /**
     * Why a body is not acceptable JSON, in plain words and with the place: Jackson's own texts name its classes and
     * settings ({@code `StreamReadConstraints.getMaxNestingDepth()`}, {@code [Source: REDACTED (`StreamReadFeature…`)]},
     * {@code bound as `com.fasterxml…JsonNode`}), which mean nothing to the caller.
     */
    static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            // "Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints…`)"
            String limit = original.replaceAll(",? *from `[^`]*`", "").trim();
            return "Request body is refused: " + (limit.isEmpty() || limit.contains("`") ? "it exceeds a JSON limit"
                    : Character.toLowerCase(limit.charAt(0)) + limit.substring(1));
        }
        String reason;
        if (e instanceof MismatchedInputException && original.startsWith("Trailing token")) {
            reason = "there is more after the JSON value";
        } else {
            reason = original;
            for (String libraryPart : new String[] {" (start marker at", " [Source:", " (bound as", "\n"}) {
                int cut = reason.indexOf(libraryPart);
                reason = cut < 0 ? reason : reason.substring(0, cut);
            }
            reason = reason.trim();
            if (reason.isEmpty() || reason.contains("`")) {
                reason = "malformed JSON";
            }
        }
        JsonLocation at = e.getLocation();
        String where = at != null && at.getLineNr() > 0 && at.getColumnNr() > 0
                ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "";
        return "Request body is not valid JSON: " + reason + where;
    }

    private static byte[] readLimited(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("Request body could not be read");
        }
    }

    static ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "Request body is larger than 64 KiB");
    }

    private void rejectUnknown(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("Unknown field '" + name + "'; allowed fields: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public JsonNode raw(String field) {
        return node.get(field);
    }

    public String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw ApiException.badRequest("Field '" + field + "' is required (a non-empty string)");
        }
        return value;
    }

    public String optionalString(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        if (value.asText().isBlank()) {
            throw ApiException.badRequest("Field '" + field + "' must not be empty");
        }
        return value.asText();
    }

    /** An integer in [min, max], or null when absent. */
    public Integer optionalInt(String field, int min, int max) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, "an integer");
        }
        int n = value.intValue();
        if (n < min || n > max) {
            throw ApiException.badRequest("Field '" + field + "' must be between " + min + " and " + max + " (got " + n + ")");
        }
        return n;
    }

    public Double optionalDouble(String field, double min, double max) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isNumber()) {
            throw wrongType(field, "a number");
        }
        double d = value.doubleValue();
        if (d < min || d > max || Double.isNaN(d)) {
            throw ApiException.badRequest("Field '" + field + "' must be between " + min + " and " + max + " (got " + value + ")");
        }
        return d;
    }

    public boolean optionalBoolean(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return value.booleanValue();
    }

    public static ApiException wrongType(String field, String expected) {
        return ApiException.badRequest("Field '" + field + "' must be " + expected);
    }
}
