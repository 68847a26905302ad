package io.lmdeck.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The two API dialects the gateway speaks, and its own error answers in each (contract §6): OpenAI's
 * {@code {"error":{"message","type","param","code"}}} and Anthropic's {@code {"type":"error","error":{"type","message"}}}.
 */
public enum Dialect {
    OPENAI {
        @Override
        ObjectNode body(String message, Kind kind, String param) {
            ObjectNode error = JSON.createObjectNode().put("message", message).put("type", kind.openAiType)
                    .put("param", param).put("code", kind.code);
            ObjectNode body = JSON.createObjectNode();
            body.set("error", error);
            return body;
        }
    },
    ANTHROPIC {
        @Override
        ObjectNode body(String message, Kind kind, String param) {
            ObjectNode body = JSON.createObjectNode().put("type", "error");
            body.putObject("error").put("type", kind.anthropicType).put("message", message);
            return body;
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What went wrong, with its status and its name in each dialect. */
    enum Kind {
        MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found", "not_found_error"),
        MALFORMED(400, "invalid_request_error", null, "invalid_request_error"),
        // Anthropic has no 503 type; overloaded_error is its "try again later".
        UNAVAILABLE(503, "server_error", "model_unavailable", "overloaded_error"),
        UPSTREAM_FAILED(502, "server_error", "upstream_error", "api_error");

        final int status;
        final String openAiType;
        final String code;
        final String anthropicType;

        Kind(int status, String openAiType, String code, String anthropicType) {
            this.status = status;
            this.openAiType = openAiType;
            this.code = code;
            this.anthropicType = anthropicType;
        }
    }

    abstract ObjectNode body(String message, Kind kind, String param);

    /** 404: no such model (key, alias or {@code key@host}). */
    public GatewayError modelNotFound(String model) {
        return error(Kind.MODEL_NOT_FOUND, "The model '" + model + "' does not exist.", "model", Map.of());
    }

    /** 400: the body is not JSON, not an object, or has no string {@code model}. */
    public GatewayError malformed(MalformedRequestException e) {
        return error(Kind.MALFORMED, e.getMessage(), e.param(), Map.of());
    }

    /** 503 with {@code Retry-After}: the request could not start in time, or its model failed to load. */
    public GatewayError unavailable(String message, long retryAfterSeconds) {
        return error(Kind.UNAVAILABLE, message, null, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 502: LM Studio could not be reached or broke off before answering. */
    public GatewayError upstreamFailed(String message) {
        return error(Kind.UPSTREAM_FAILED, message, null, Map.of());
    }

    /**
     * Any other refusal (lmdeck's own checks before a request reaches the gateway: token, Host, Origin, size, content
     * type, an unknown route) with its status, in this dialect: OpenAI's {@code code} is lmdeck's code, Anthropic's
     * {@code type} the one its SDKs map to the same exception.
     */
    public GatewayError refusal(int status, String code, String message, Long retryAfterSeconds) {
        ObjectNode body = JSON.createObjectNode();
        if (this == OPENAI) {
            body.putObject("error").put("message", message)
                    .put("type", status >= 500 ? "server_error" : "invalid_request_error").putNull("param").put("code", code);
        } else {
            body.put("type", "error").putObject("error").put("type", anthropicType(status)).put("message", message);
        }
        return new GatewayError(status, retryAfterSeconds == null ? Map.of()
                : Map.of("Retry-After", Long.toString(retryAfterSeconds)), write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static String anthropicType(int status) {
        return switch (status) {
            case 400, 405, 415 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    /** The error body of a reply that broke off while streaming (the payload of the endpoint's error frame). */
    ObjectNode streamError(String message) {
        return body(message, Kind.UPSTREAM_FAILED, null);
    }

    private GatewayError error(Kind kind, String message, String param, Map<String, String> headers) {
        return new GatewayError(kind.status, headers,
                write(body(message, kind, param)).getBytes(StandardCharsets.UTF_8));
    }

    static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
