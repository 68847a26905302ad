package io.lmdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few lmdeck API calls the benchmarks drive (plain JDK HTTP client, HTTP/1.1, loopback). */
final class LmdeckApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    LmdeckApi(URI base) {
        this.base = base;
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** {@code POST /api/models/lmstudio/load}; returns the answer (202 loading, 200 already loaded). */
    JsonNode load(String modelId) throws IOException, InterruptedException {
        return post("/api/models/lmstudio/load", "{\"model_id\":\"" + modelId + "\"}", 200, 202);
    }

    void unloadAll() throws IOException, InterruptedException {
        post("/api/models/lmstudio/unload", "{\"all\":true}", 200, 202);
    }

    JsonNode status() throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri("/api/models/lmstudio/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(res.body()).path("lmstudio");
    }

    private JsonNode post(String path, String body, int... okStatuses) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        for (int ok : okStatuses) {
            if (res.statusCode() == ok) {
                return JSON.readTree(res.body());
            }
        }
        throw new IOException("POST " + path + " answered " + res.statusCode() + ": " + res.body());
    }
}
