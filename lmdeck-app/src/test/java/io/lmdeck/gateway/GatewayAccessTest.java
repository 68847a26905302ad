package io.lmdeck.gateway;

import static io.lmdeck.gateway.GatewayFixture.MODEL;
import static io.lmdeck.http.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import io.lmdeck.http.HttpSettings;
import io.lmdeck.http.TestHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract §5 on the gateway: the token as a client's API key, Origin, body sizes; refusals in the caller's dialect. */
class GatewayAccessTest extends SimulatedLmStudio {
    private static final String TOKEN = "s3cret-token";
    private static final MessageCreateParams HI = MessageCreateParams.builder().model("fast").maxTokens(16)
            .addUserMessage("Hi").build();
    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = new GatewayFixture(sim, HttpSettings.loopback(0).withToken(TOKEN));
        sim.control().loadExternally(MODEL);
        gw.lifecycle.alreadyLoaded(MODEL);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void anthropicClientsSendTheTokenAsXApiKey() {
        AnthropicClient right = gw.anthropic(TOKEN);
        AnthropicClient wrong = gw.anthropic("not-it");
        try {
            assertThat(right.messages().create(HI).model().asString()).isEqualTo(MODEL);
            assertThatThrownBy(() -> wrong.messages().create(HI)).isInstanceOf(UnauthorizedException.class);
        } finally {
            right.close();
            wrong.close();
        }
        HttpResponse<String> noKey = new TestHttp(gw.api.url()).post("/v1/messages",
                "{\"model\":\"fast\",\"max_tokens\":5,\"messages\":[]}");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey).get("error").get("type").asText()).isEqualTo("authentication_error");
        assertThat(noKey.body()).doesNotContain(TOKEN);
    }

    @Test
    void openAiClientsSendItAsBearerAndAreRefusedInTheirDialectWithout() {
        OpenAIClient client = gw.openai();
        try {
            assertThat(client.models().list().data()).isNotEmpty();
        } finally {
            client.close();
        }
        TestHttp anonymous = new TestHttp(gw.api.url());
        for (HttpResponse<String> refused : java.util.List.of(anonymous.get("/v1/models"),
                anonymous.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[]}"),
                anonymous.get("/v1/models", "Authorization", "Bearer wrong"))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            JsonNode error = json(refused).get("error");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("message").asText()).isNotBlank();
        }
    }

    @Test
    void aForeignOriginIsRefusedInTheCallersDialect() {
        HttpResponse<String> r = gw.http.post("/v1/messages", "{\"model\":\"fast\",\"max_tokens\":5,\"messages\":[]}",
                "Origin", "http://evil.example");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("type").asText()).isEqualTo("error");
        assertThat(json(r).get("error").get("type").asText()).isEqualTo("permission_error");
    }

    @Test
    void bodiesUpTo32MiBPassOnV1WhileTheApiKeepsIts64KiBLimit() throws IOException {
        String image = "A".repeat(30 * 1024 * 1024);
        String big = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"" + image + "\"}]}";
        HttpResponse<String> accepted = gw.http.post("/v1/chat/completions", big);
        assertThat(accepted.statusCode()).as(accepted.body().substring(0, Math.min(400, accepted.body().length()))).isEqualTo(200);
        assertThat(json(accepted).get("model").asText()).isEqualTo(MODEL);

        String tooBig = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"" + image + image + "\"}]}";
        // Refused from Content-Length alone, before the body is read: sent over a raw socket that declares 64 MiB and
        // sends only the start, since a client that pushes all of it races the server's early answer and close.
        String refused = declaredButUnsent("/v1/chat/completions", 64L * 1024 * 1024, tooBig.substring(0, 1024));
        assertThat(refused).startsWith("HTTP/1.1 413").contains("payload_too_large");

        String api = "{\"model_id\":\"" + "x".repeat(65 * 1024) + "\"}";
        HttpResponse<String> apiRefused = gw.http.post("/api/models/lmstudio/load", api);
        assertThat(apiRefused.statusCode()).isEqualTo(413);
        assertThat(json(apiRefused).get("error").get("code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void malformedBodiesAre400InTheDialect() {
        HttpResponse<String> openai = gw.http.post("/v1/chat/completions", "{\"messages\":[]}");
        assertThat(openai.statusCode()).isEqualTo(400);
        assertThat(json(openai).get("error").get("param").asText()).isEqualTo("model");
        HttpResponse<String> anthropic = gw.http.post("/v1/messages", "{not json");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(json(anthropic).get("error").get("type").asText()).isEqualTo("invalid_request_error");
    }

    /** Sends headers declaring {@code declaredLength} bytes and only {@code start} of them; returns the whole answer. */
    private String declaredButUnsent(String path, long declaredLength, String start) throws IOException {
        URI base = gw.http.uri("/");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder credentials = new StringBuilder(); // the fixture's token, as its HTTP client sends it
            gw.http.builder(path).GET().build().headers().map().forEach((name, values) ->
                    values.forEach(value -> credentials.append(name).append(": ").append(value).append("\r\n")));
            out.write(("POST " + path + " HTTP/1.1\r\n" + credentials + "Host: 127.0.0.1:" + base.getPort()
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + declaredLength
                    + "\r\n\r\n" + start).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0 && answer.indexOf("payload_too_large") < 0; ) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return answer.toString();
        }
    }
}
