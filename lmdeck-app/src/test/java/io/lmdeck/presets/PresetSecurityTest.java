package io.lmdeck.presets;

import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.http.TestHttp;
import io.lmdeck.server.RunningLmdeck;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The presets pass through the same guard as every {@code /api} route (contract section 5). */
class PresetSecurityTest {
    private static final String TOKEN = "preset-t0ken";

    @AutoClose
    private final RunningLmdeck deck = RunningLmdeck.builder().token(TOKEN).start().awaitOnline();

    private static HttpResponse<String> put(TestHttp http, String path, String body, String... headers) {
        return http.send(http.builder(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void without_the_token_nothing_is_read_or_changed() {
        TestHttp anonymous = new TestHttp(deck.url());
        assertThat(anonymous.get("/api/presets").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/presets/" + SMALL_MODEL).statusCode()).isEqualTo(401);
        assertThat(put(anonymous, "/api/presets/" + SMALL_MODEL, "{\"pinned\":true}").statusCode()).isEqualTo(401);
        assertThat(anonymous.send(anonymous.builder("/api/presets/" + SMALL_MODEL).DELETE().build()).statusCode())
                .isEqualTo(401);
        // An encoded slash in the prefix must not slip past the token check.
        for (String path : List.of("/api%2Fpresets", "/api%2fpresets/google%2Fgemma-3-1b", "/%61pi/presets")) {
            String reply = TestHttp.raw(deck.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(reply).as(path).doesNotStartWith("HTTP/1.1 200").doesNotContain("\"presets\"").doesNotContain("\"source\"");
        }
        assertThat(deck.http().get("/api/presets/" + SMALL_MODEL).body()).contains("\"source\":\"default\"");
    }

    @Test
    void a_cross_site_change_is_refused() {
        HttpResponse<String> r = put(deck.http(), "/api/presets/" + SMALL_MODEL, "{\"pinned\":true}",
                "Origin", "http://attacker.example");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(deck.http().send(deck.http().builder("/api/presets/" + SMALL_MODEL, "Origin", "http://attacker.example")
                .DELETE().build()).statusCode()).isEqualTo(403);
        assertThat(deck.http().send(deck.http().builder("/api/presets/" + SMALL_MODEL, "Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"pinned\":true}")).build()).statusCode()).isEqualTo(415);
        assertThat(deck.http().get("/api/presets").body()).isEqualTo("{\"presets\":[]}");
    }
}
