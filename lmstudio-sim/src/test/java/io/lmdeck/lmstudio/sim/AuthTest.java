package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {
    private static final String TOKEN = "sk-lm-AbCd1234:abcdefghij0123456789";
    private LmStudioSimulator sim;

    @BeforeEach
    void start() {
        sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.01).token(TOKEN).build().start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void restAndOpenAiNeedTheBearerToken() {
        SimHttp anonymous = new SimHttp(sim.baseUrl());
        for (String path : new String[] {"/api/v1/models", "/api/v0/models", "/v1/models"}) {
            SimHttp.Reply r = anonymous.get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            JsonNode err = r.json().path("error");
            assertThat(err.path("type").asText()).isEqualTo("invalid_request");
            assertThat(err.path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(err.path("message").asText()).doesNotContain(TOKEN);
            GoldenShape.assertMatches("auth-missing-token.json", r.json());
        }
        SimHttp wrong = new SimHttp(sim.baseUrl(), "sk-lm-AbCd1234:zzzzzzzzzzzzzzzzzzzz");
        assertThat(wrong.get("/api/v1/models").status()).isEqualTo(401);
        SimHttp right = new SimHttp(sim.baseUrl(), TOKEN);
        assertThat(right.get("/api/v1/models").status()).isEqualTo(200);
        assertThat(right.post("/api/v1/models/load", "{\"model\":\"google/gemma-3-1b\"}").status()).isEqualTo(200);
        assertThat(anonymous.get("/lmstudio-greeting").status()).isEqualTo(200);
    }

    @Test
    void websocketHandshakeChecksTheTokenParts() {
        try (SdkSocket guest = new SdkSocket(sim.websocketUrl(), "llm")) {
            guest.send("{\"authVersion\":1,\"clientIdentifier\":\"guest:x\",\"clientPasskey\":\"y\"}");
            JsonNode answer = guest.next();
            assertThat(answer.path("success").asBoolean()).isFalse();
            assertThat(answer.path("error").asText()).isNotBlank().doesNotContain("abcdefghij0123456789");
        }
        try (SdkSocket authed = new SdkSocket(sim.websocketUrl(), "llm")) {
            authed.send("{\"authVersion\":1,\"clientIdentifier\":\"AbCd1234\",\"clientPasskey\":\"abcdefghij0123456789\"}");
            assertThat(authed.next().path("success").asBoolean()).isTrue();
            assertThat(authed.call(0, "listLoaded", null).path("result").isArray()).isTrue();
        }
    }
}
