package io.lmdeck.http;

import static io.lmdeck.http.ModelEndpointsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The web UI's files: served with their types and an ETag, nothing outside the UI, the API untouched. */
class UiFilesTest {
    @AutoClose
    private final FakeBackedApi server = new FakeBackedApi();
    private final TestHttp http = server.http;

    @Test
    void theUiIsServedAtTheRootWithItsContentTypes() {
        HttpResponse<String> root = http.get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(root.body()).contains("data-testid=\"model-picker\"");
        assertThat(http.get("/index.html").body()).isEqualTo(root.body());

        HttpResponse<String> script = http.get("/js/main.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(http.get("/css/app.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void aBrowserRevalidatesWithTheEtagAndGetsNotModified() {
        HttpResponse<String> first = http.get("/js/main.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");

        HttpResponse<String> again = http.get("/js/main.js", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(http.get("/js/main.js", "If-None-Match", "\"stale\"").statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        HttpResponse<String> head = http.send(http.builder("/js/main.js")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(
                String.valueOf(http.get("/js/main.js").body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void nothingOutsideTheUiIsServedAndMissingFilesAreJsonErrors() {
        assertError(http.get("/nope.js"), 404, "not_found");
        assertError(http.get("/public/index.html"), 404, "not_found");
        assertError(http.get("/io/lmdeck/http/openapi.json"), 404, "not_found");
        assertError(http.get("/logback.xml"), 404, "not_found");
        assertThat(http.get("/js/%2e%2e/index.html").statusCode()).isIn(400, 404);
        assertThat(http.get("/js/..%2fjs/main.js").statusCode()).isIn(400, 404);
        assertError(http.send(http.builder("/index.html").POST(HttpRequest.BodyPublishers.noBody()).build()), 404,
                "not_found");
    }

    @Test
    void apiRoutesAreNotShadowedByFiles() {
        assertThat(http.get("/healthz").body()).contains("\"ok\"");
        assertThat(http.get("/api/openapi.json").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }
}
