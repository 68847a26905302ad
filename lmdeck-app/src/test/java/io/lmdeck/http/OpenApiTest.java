package io.lmdeck.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class OpenApiTest {
    @AutoClose
    private final FakeBackedApi server = new FakeBackedApi();

    private JsonNode document() {
        HttpResponse<String> r = server.http.get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return TestHttp.json(r);
    }

    @Test
    void isOpenApi30WithInfoAndPaths() {
        JsonNode doc = document();
        assertThat(doc.get("openapi").asText()).startsWith("3.0.");
        assertThat(doc.get("info").get("title").asText()).isNotBlank();
        assertThat(doc.get("info").get("version").asText()).isNotBlank();
        assertThat(doc.get("paths").size()).isPositive();
    }

    @Test
    void everyServedRouteIsDescribedAndNothingElse() {
        JsonNode paths = document().get("paths");
        Set<String> described = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        assertThat(described).containsExactlyInAnyOrderElementsOf(server.api.routes());
    }

    @Test
    void everyOperationHasAnIdAndResponsesAndEveryErrorUsesTheEnvelope() {
        JsonNode doc = document();
        Set<String> ids = new HashSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String where = op.getKey() + " " + path.getKey();
            assertThat(ids.add(op.getValue().get("operationId").asText())).as(where + " operationId unique").isTrue();
            JsonNode responses = op.getValue().get("responses");
            assertThat(responses).as(where).isNotNull();
            responses.fields().forEachRemaining(resp -> {
                assertThat(resp.getKey()).as(where).matches("[1-5][0-9][0-9]");
                JsonNode r = resolve(doc, resp.getValue());
                assertThat(r.get("description")).as(where + " " + resp.getKey()).isNotNull();
                if (resp.getKey().startsWith("4") || resp.getKey().startsWith("5")) {
                    assertThat(r.get("content").get("application/json").get("schema").get("$ref").asText())
                            .as(where + " " + resp.getKey()).isEqualTo("#/components/schemas/Error");
                }
            });
        }));
    }

    @Test
    void everyReferenceResolves() {
        JsonNode doc = document();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
