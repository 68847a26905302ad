package io.lmdeck.presets;

import static io.lmdeck.http.TestHttp.json;
import static io.lmdeck.server.RunningLmdeck.OTHER_MODEL;
import static io.lmdeck.server.RunningLmdeck.SMALL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.TestHttp;
import io.lmdeck.server.RunningLmdeck;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Presets from {@code --config} apply until the API stores one for the model, which wins and survives a restart. */
class PresetPrecedenceTest {
    private static final ConfigFile CONFIG = new ConfigFile(Map.of(
            SMALL_MODEL, new Preset(SMALL_MODEL, 4096, null, null, 300, false, List.of("tiny")),
            OTHER_MODEL, new Preset(OTHER_MODEL, null, null, 2, null, true, List.of("fast"))));

    @AutoClose
    private final RunningLmdeck deck = RunningLmdeck.builder().config(CONFIG).start().awaitOnline();

    private HttpResponse<String> put(String path, String body) {
        TestHttp http = deck.http();
        return http.send(http.builder(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode preset(String modelId) {
        return json(deck.http().get("/api/presets/" + modelId));
    }

    @Test
    void the_file_applies_the_api_wins_and_a_delete_returns_to_the_file() {
        JsonNode list = json(deck.http().get("/api/presets")).get("presets");
        assertThat(list.findValuesAsText("model_id")).containsExactly(SMALL_MODEL, OTHER_MODEL);
        assertThat(list.findValuesAsText("source")).containsOnly("config");
        assertThat(preset(SMALL_MODEL).get("context_length").asInt()).isEqualTo(4096);

        assertThat(put("/api/presets/" + SMALL_MODEL, "{\"context_length\":8192}").statusCode()).isEqualTo(200);
        assertThat(preset(SMALL_MODEL).get("source").asText()).isEqualTo("api");
        assertThat(preset(SMALL_MODEL).get("ttl_seconds").isNull()).as("the API's preset replaces the file's whole").isTrue();

        deck.restartServer();
        assertThat(preset(SMALL_MODEL).get("context_length").asInt()).as("stored in the database").isEqualTo(8192);

        HttpResponse<String> deleted = deck.http().send(deck.http().builder("/api/presets/" + SMALL_MODEL).DELETE().build());
        assertThat(json(deleted).get("deleted").asBoolean()).isTrue();
        assertThat(json(deleted).get("in_effect").get("source").asText()).isEqualTo("config");
        assertThat(preset(SMALL_MODEL).get("context_length").asInt()).isEqualTo(4096);
    }

    @Test
    void file_aliases_count_for_conflicts_and_loads() {
        HttpResponse<String> taken = put("/api/presets/" + SMALL_MODEL, "{\"aliases\":[\"fast\"]}");
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);

        HttpResponse<String> load = deck.http().post("/api/models/lmstudio/load", "{\"model_id\":\"fast\"}");
        assertThat(load.statusCode()).as(load.body()).isIn(200, 202);
        assertThat(json(load).get("model_id").asText()).isEqualTo(OTHER_MODEL);
    }
}
