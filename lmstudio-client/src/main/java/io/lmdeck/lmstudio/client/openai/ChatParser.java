package io.lmdeck.lmstudio.client.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.model.ChatCompletion;
import io.lmdeck.lmstudio.client.model.EmbeddingResult;
import io.lmdeck.lmstudio.client.model.Usage;

import java.util.ArrayList;
import java.util.List;

import static io.lmdeck.lmstudio.client.rest.JsonFields.text;

/** Reads OpenAI-shaped answers (chat completions, chunks, embeddings, model lists). Unknown fields are ignored. */
public final class ChatParser {
    private ChatParser() {
    }

    /** A non-streamed {@code chat.completion}. */
    public static ChatCompletion completion(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        return new ChatCompletion(text(body, "id"), text(body, "model"), orEmpty(text(message, "content")),
                orEmpty(reasoning(message)), text(choice, "finish_reason"), usage(body.get("usage")));
    }

    /** The reasoning text of a message or delta ({@code reasoning} since 0.3.23, {@code reasoning_content} elsewhere). */
    static String reasoning(JsonNode messageOrDelta) {
        String r = text(messageOrDelta, "reasoning");
        return r != null ? r : text(messageOrDelta, "reasoning_content");
    }

    public static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                usage.path("total_tokens").asInt(0));
    }

    /** {@code POST /v1/embeddings}: vectors ordered by their {@code index}. */
    public static EmbeddingResult embeddings(JsonNode body) {
        List<JsonNode> data = new ArrayList<>();
        body.path("data").forEach(data::add);
        data.sort((a, b) -> Integer.compare(a.path("index").asInt(0), b.path("index").asInt(0)));
        List<List<Double>> vectors = new ArrayList<>();
        for (JsonNode d : data) {
            List<Double> v = new ArrayList<>();
            d.path("embedding").forEach(x -> v.add(x.asDouble()));
            vectors.add(v);
        }
        return new EmbeddingResult(text(body, "model"), vectors, usage(body.get("usage")));
    }

    /** {@code GET /v1/models}: the ids. */
    public static List<String> modelIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(m -> {
            if (text(m, "id") != null) {
                ids.add(text(m, "id"));
            }
        });
        return ids;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
