package io.lmdeck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's own answers, exactly as contract §6 words them. */
class DialectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(GatewayError e) throws Exception {
        return JSON.readTree(e.body());
    }

    @Test
    void unknownModelIs404InEachDialect() throws Exception {
        GatewayError openai = Dialect.OPENAI.modelNotFound("nope/x");
        assertThat(openai.status()).isEqualTo(404);
        assertThat(json(openai)).isEqualTo(JSON.readTree("{\"error\":{\"message\":\"The model 'nope/x' does not exist.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}"));
        GatewayError anthropic = Dialect.ANTHROPIC.modelNotFound("nope/x");
        assertThat(anthropic.status()).isEqualTo(404);
        assertThat(json(anthropic)).isEqualTo(JSON.readTree(
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"The model 'nope/x' does not exist.\"}}"));
    }

    @Test
    void malformedIs400InEachDialect() throws Exception {
        GatewayError openai = Dialect.OPENAI.malformed(new MalformedRequestException("The request body has no 'model'.", "model"));
        assertThat(openai.status()).isEqualTo(400);
        assertThat(json(openai).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(openai).path("error").path("param").asText()).isEqualTo("model");
        assertThat(json(openai).path("error").path("message").asText()).isEqualTo("The request body has no 'model'.");
        GatewayError anthropic = Dialect.ANTHROPIC.malformed(new MalformedRequestException("The request body is not valid JSON: x", null));
        assertThat(anthropic.status()).isEqualTo(400);
        assertThat(json(anthropic)).isEqualTo(JSON.readTree("{\"type\":\"error\",\"error\":{\"type\":"
                + "\"invalid_request_error\",\"message\":\"The request body is not valid JSON: x\"}}"));
    }

    @Test
    void unavailableIs503WithRetryAfter() throws Exception {
        for (Dialect d : Dialect.values()) {
            GatewayError e = d.unavailable("qwen/qwen3-8b failed to load: not enough memory", 30);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.headers()).isEqualTo(Map.of("Retry-After", "30"));
            assertThat(json(e).toString()).contains("qwen/qwen3-8b failed to load: not enough memory");
        }
        assertThat(json(Dialect.ANTHROPIC.unavailable("x", 1)).path("type").asText()).isEqualTo("error");
        assertThat(json(Dialect.OPENAI.unavailable("x", 1)).path("error").path("code").asText())
                .isEqualTo("model_unavailable");
    }

    @Test
    void streamErrorFramesAreWhatEachSdkTreatsAsAnError() throws Exception {
        String chat = new String(Endpoint.CHAT_COMPLETIONS.streamErrorFrame("gone"), StandardCharsets.UTF_8);
        assertThat(chat).startsWith("data: {\"error\":{").endsWith("\n\n");
        assertThat(JSON.readTree(chat.substring(6)).path("error").path("message").asText()).isEqualTo("gone");
        String responses = new String(Endpoint.RESPONSES.streamErrorFrame("gone"), StandardCharsets.UTF_8);
        assertThat(responses).startsWith("event: error\ndata: ").endsWith("\n\n");
        JsonNode event = JSON.readTree(responses.substring("event: error\ndata: ".length()));
        assertThat(event.path("type").asText()).isEqualTo("error");
        assertThat(event.path("message").asText()).isEqualTo("gone");
        assertThat(event.path("code").asText()).isEqualTo("upstream_error");
        String messages = new String(Endpoint.MESSAGES.streamErrorFrame("gone"), StandardCharsets.UTF_8);
        assertThat(messages).startsWith("event: error\ndata: ");
        assertThat(JSON.readTree(messages.substring("event: error\ndata: ".length())))
                .isEqualTo(JSON.readTree("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"gone\"}}"));
    }

    @Test
    void endpointsKnowTheirDialect() {
        assertThat(Endpoint.ofPath("/v1/messages")).contains(Endpoint.MESSAGES);
        assertThat(Endpoint.MESSAGES.dialect()).isEqualTo(Dialect.ANTHROPIC);
        assertThat(Endpoint.ofPath("/v1/responses").map(Endpoint::dialect)).contains(Dialect.OPENAI);
        assertThat(Endpoint.ofPath("/v1/models")).isEmpty();
    }

    @Test
    void waitingCommentIsAnSseComment() {
        assertThat(new String(WaitingComment.loading("qwen/qwen3-8b", 0.42), StandardCharsets.UTF_8))
                .isEqualTo(": lmdeck: loading qwen/qwen3-8b 42%\n\n");
        assertThat(new String(WaitingComment.loading("a\nb", null), StandardCharsets.UTF_8))
                .isEqualTo(": lmdeck: loading a b\n\n");
    }
}
