package io.lmdeck.http;

import static io.lmdeck.http.ModelEndpointsTest.assertError;
import static io.lmdeck.http.fakes.FakeLifecycle.QWEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lmdeck.http.fakes.FakeChatUpstream;
import io.lmdeck.http.fakes.FakeJournal;
import io.lmdeck.http.fakes.FakeLifecycle;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SecurityTest {
    private static final String LOAD = "{\"model_id\":\"" + QWEN + "\"}";

    @Nested
    class WithoutToken {
        @Test
        void foreignHostIsRefusedEverywhere() {
            try (FakeBackedApi server = new FakeBackedApi()) {
                for (String path : List.of("/healthz", "/api/models/lmstudio", "/index.html")) {
                    String reply = TestHttp.raw(server.api.port(), "GET " + path + " HTTP/1.1\r\nHost: evil.example:8765\r\nConnection: close\r\n\r\n");
                    assertThat(reply).startsWith("HTTP/1.1 403").contains("\"code\":\"forbidden_host\"");
                }
                String ok = TestHttp.raw(server.api.port(), "GET /healthz HTTP/1.1\r\nHost: localhost:8765\r\nConnection: close\r\n\r\n");
                assertThat(ok).startsWith("HTTP/1.1 200").contains("{\"status\":\"ok\"}");
                String v6 = TestHttp.raw(server.api.port(), "GET /healthz HTTP/1.1\r\nHost: [::1]:8765\r\nConnection: close\r\n\r\n");
                assertThat(v6).startsWith("HTTP/1.1 200");
            }
        }

        @Test
        void configuredHostNamesAreAccepted() {
            try (FakeBackedApi server = new FakeBackedApi(HttpSettings.loopback(0).withAllowedHosts(List.of("deck.lan")))) {
                String ok = TestHttp.raw(server.api.port(), "GET /healthz HTTP/1.1\r\nHost: deck.lan\r\nConnection: close\r\n\r\n");
                assertThat(ok).startsWith("HTTP/1.1 200");
            }
        }

        @Test
        void crossOriginStateChangesAreRefusedSameOriginAllowed() {
            try (FakeBackedApi server = new FakeBackedApi()) {
                TestHttp http = server.http;
                assertError(http.post("/api/models/lmstudio/load", LOAD, "Origin", "http://evil.example"), 403, "forbidden_origin");
                assertError(http.post("/api/models/lmstudio/load", LOAD, "Origin", "null"), 403, "forbidden_origin");
                assertError(http.post("/api/models/lmstudio/load", LOAD, "Origin", "http://127.0.0.1:1"), 403, "forbidden_origin");
                assertThat(server.lifecycle.loadCalls).isEmpty();
                String own = "http://127.0.0.1:" + server.api.port();
                assertThat(http.post("/api/models/lmstudio/load", LOAD, "Origin", own).statusCode()).isEqualTo(202);
                // Reads are not state-changing: a foreign Origin cannot read them anyway (no CORS headers).
                assertThat(http.get("/api/models/lmstudio", "Origin", "http://evil.example").statusCode()).isEqualTo(200);
            }
        }

        @Test
        void withoutOriginACrossSiteFetchIsRefusedLikeAForeignOrigin() {
            try (FakeBackedApi server = new FakeBackedApi()) {
                TestHttp http = server.http;
                String own = "http://127.0.0.1:" + server.api.port();
                assertError(http.post("/api/models/lmstudio/load", LOAD, "Sec-Fetch-Site", "cross-site"), 403, "forbidden_origin");
                assertError(http.post("/api/models/lmstudio/unload", "{\"all\":true}", "Sec-Fetch-Site", "cross-site"),
                        403, "forbidden_origin");
                // Another port of the same host is same-site: another local app, not lmdeck.
                assertError(http.post("/api/models/lmstudio/load", LOAD, "Sec-Fetch-Site", "same-site"), 403, "forbidden_origin");
                assertError(http.post("/api/models/lmstudio/load", LOAD, "Sec-Fetch-Site", "cross-site", "Origin", own),
                        403, "forbidden_origin");
                assertThat(server.lifecycle.loadCalls).isEmpty();
                assertThat(server.lifecycle.unloadCalls).isEmpty();

                assertThat(http.post("/api/models/lmstudio/load", LOAD, "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(202);
                assertThat(http.post("/api/models/lmstudio/load", LOAD, "Sec-Fetch-Site", "none").statusCode()).isEqualTo(202);
                assertThat(http.post("/api/models/lmstudio/load", LOAD, "Sec-Fetch-Site", "same-site", "Origin", own)
                        .statusCode()).isEqualTo(202);
                // Reads stay open: a browser from elsewhere cannot read the answer (no CORS headers).
                assertThat(http.get("/api/models/lmstudio", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(200);
            }
        }

        @Test
        void methodOverrideHeadersAreIgnoredSoAGetOrDeleteNeverChangesState() {
            try (FakeBackedApi server = new FakeBackedApi()) {
                TestHttp http = server.http;
                for (String header : List.of("X-HTTP-Method-Override", "x-http-method-override", "X-HTTP-Method",
                        "X-Method-Override")) {
                    for (String method : List.of("GET", "DELETE", "PUT")) {
                        for (String[] target : List.of(new String[] {"/api/models/lmstudio/load", LOAD},
                                new String[] {"/api/models/lmstudio/unload", "{\"all\":true}"},
                                new String[] {"/api/models/lmstudio/cancel", "{\"operation_id\":\"op-1\"}"})) {
                            HttpResponse<String> r = http.send(http.builder(target[0], header, "POST",
                                            "Content-Type", "application/json")
                                    .method(method, HttpRequest.BodyPublishers.ofString(target[1])).build());
                            assertError(r, 405, "method_not_allowed");
                        }
                    }
                }
                assertThat(server.lifecycle.loadCalls).isEmpty();
                assertThat(server.lifecycle.unloadCalls).isEmpty();
                // The other way round the request line wins too: a POST stays a POST.
                assertThat(http.post("/api/models/lmstudio/load", LOAD, "X-HTTP-Method-Override", "GET").statusCode())
                        .isEqualTo(202);
            }
        }

        @Test
        void bodiesOver64KiBAre413WithOrWithoutContentLength() {
            try (FakeBackedApi server = new FakeBackedApi()) {
                String huge = "{\"model_id\":\"" + "a".repeat(70 * 1024) + "\"}";
                assertError(server.http.post("/api/models/lmstudio/load", huge), 413, "payload_too_large");
                HttpRequest chunked = server.http.builder("/api/models/lmstudio/load").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes()))).build();
                assertError(server.http.send(chunked), 413, "payload_too_large");
                assertThat(server.lifecycle.loadCalls).isEmpty();
            }
        }

        @Test
        void wrongContentTypeIs415() {
            try (FakeBackedApi server = new FakeBackedApi()) {
                assertError(server.http.post("/api/models/lmstudio/load", LOAD, "Content-Type", "text/plain"), 415, "unsupported_media_type");
                assertError(server.http.post("/api/models/lmstudio/load", "model_id=x", "Content-Type", "application/x-www-form-urlencoded"),
                        415, "unsupported_media_type");
                assertThat(server.http.post("/api/models/lmstudio/load", LOAD, "Content-Type", "application/json; charset=utf-8").statusCode())
                        .isEqualTo(202);
            }
        }

        @Test
        void nonLoopbackBindWithoutTokenIsRefused() {
            FakeJournal journal = new FakeJournal();
            assertThatThrownBy(() -> HttpApi.start(HttpSettings.loopback(0).withBind("0.0.0.0"), new FakeLifecycle(journal), journal, journal,
                    new FakeChatUpstream()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
        }
    }

    @Nested
    class WithToken {
        private static final String TOKEN = "s3cret-token";

        @Test
        void apiAndMetricsNeedTheBearerToken() {
            try (FakeBackedApi server = new FakeBackedApi(HttpSettings.loopback(0).withToken(TOKEN))) {
                TestHttp anonymous = server.http;
                for (String path : List.of("/api/models/lmstudio", "/api/models/lmstudio/status", "/api/activity", "/metrics", "/api/openapi.json")) {
                    HttpResponse<String> r = anonymous.get(path);
                    assertError(r, 401, "unauthorized");
                    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                    assertThat(r.body()).doesNotContain(TOKEN);
                }
                assertError(anonymous.post("/api/models/lmstudio/load", LOAD), 401, "unauthorized");
                assertError(anonymous.get("/api/models/lmstudio", "Authorization", "Bearer wrong"), 401, "unauthorized");
                assertThat(server.lifecycle.loadCalls).isEmpty();
                // Open without a token: the health check (and the UI's static files).
                assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);

                TestHttp authorized = new TestHttp(server.api.url()).withToken(TOKEN);
                assertThat(authorized.get("/api/models/lmstudio").statusCode()).isEqualTo(200);
                assertThat(authorized.get("/metrics").statusCode()).isEqualTo(200);
                assertThat(authorized.post("/api/models/lmstudio/load", LOAD).statusCode()).isEqualTo(202);
            }
        }

        @Test
        void eventStreamAcceptsTheTokenAsAQueryParameterForEventSource() {
            try (FakeBackedApi server = new FakeBackedApi(HttpSettings.loopback(0).withToken(TOKEN))) {
                try (SseReader refused = server.http.sse("/api/events")) {
                    assertThat(refused.status()).isEqualTo(401);
                }
                try (SseReader events = server.http.sse("/api/events?access_token=" + TOKEN)) {
                    assertThat(events.status()).isEqualTo(200);
                    events.await("snapshot");
                }
                // Only on the event stream: elsewhere a token in the URL is not accepted.
                assertError(server.http.get("/api/models/lmstudio?access_token=" + TOKEN), 401, "unauthorized");
            }
        }

        @Test
        void nonLoopbackBindWithTokenStartsAndEnforcesIt() {
            try (FakeBackedApi server = new FakeBackedApi(HttpSettings.loopback(0).withBind("0.0.0.0").withToken(TOKEN))) {
                TestHttp http = new TestHttp(java.net.URI.create("http://127.0.0.1:" + server.api.port()));
                assertError(http.get("/api/models/lmstudio"), 401, "unauthorized");
                assertThat(http.withToken(TOKEN).get("/api/models/lmstudio").statusCode()).isEqualTo(200);
            }
        }
    }
}
