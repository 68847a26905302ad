package io.lmdeck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input against every endpoint: malformed and truncated JSON, wrong types, huge bodies, unknown fields and
 * ids, odd encodings, path tricks, a foreign Host, a cross-site Origin. Every answer must be a 4xx JSON error
 * envelope (never a 5xx, HTML or a hang), and afterwards the server is alive with its state unchanged.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputBatteryTest {
    private static final String LOAD = "/api/models/lmstudio/load";
    private static final String UNLOAD = "/api/models/lmstudio/unload";
    private static final String CANCEL = "/api/models/lmstudio/cancel";
    private static final String CHAT = "/api/chat";
    private static final List<String> POSTS = List.of(LOAD, UNLOAD, CANCEL, CHAT);
    private static final List<String> GETS = List.of("/api/models/lmstudio", "/api/models/lmstudio/status",
            "/api/activity", "/api/events", "/healthz", "/metrics", "/api/openapi.json");

    private LmStudioSimulator sim;
    private Deck deck;
    private RawHttp raw;

    /** One bad request and the status it must get (0: any 4xx). */
    private record Case(String name, String method, String target, Map<String, String> headers, byte[] body, int expected) {
    }

    @BeforeAll
    void start() {
        deck = Deck.start(0.05);
        sim = deck.sim();
        String operation = deck.load(Sims.SMALL_MODEL).path("operation_id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> "ready".equals(deck.status().path("status").asText()));
        raw = new RawHttp(deck.port());
        assertThat(operation).isNotBlank();
    }

    @AfterAll
    void stop() {
        Deck.close(deck);
    }

    @Test
    void everyBadRequestGetsAFourHundredJsonErrorAndChangesNothing() throws Exception {
        JsonNode statusBefore = comparable(deck.status());
        assertThat(statusBefore.path("active_model").path("model_id").asText()).as(deck::story).isEqualTo(Sims.SMALL_MODEL);
        JsonNode catalogBefore = deck.catalog();
        long newestActivityBefore = newestActivityId();
        int loadCallsBefore = sim.control().loadCalls();
        List<String> instancesBefore = Sims.instanceIds(sim);

        SoftAssertions soft = new SoftAssertions();
        List<Case> cases = cases();
        for (Case c : cases) {
            RawHttp.Answer answer = raw.send(c.method(), c.target(), c.headers(), c.body());
            String what = c.name() + ": " + c.method() + " " + c.target() + " -> " + answer;
            if (c.expected() != 0) {
                soft.assertThat(answer.status()).as(what).isEqualTo(c.expected());
            }
            soft.assertThat(answer.status()).as(what).isBetween(400, 499);
            soft.assertThat(answer.headers().getOrDefault("content-type", "")).as(what).startsWith("application/json");
            JsonNode json = answer.json();
            soft.assertThat(json).as(what).isNotNull();
            if (json != null) {
                soft.assertThat(json.path("error").path("code").isTextual()).as(what).isTrue();
                soft.assertThat(json.path("error").path("message").asText()).as(what).isNotBlank();
                soft.assertThat(json.path("error").path("message").asText()).as(what).doesNotContain("Exception", "\tat ",
                        "StreamReadConstraints", "jackson", "`"); // plain words, not the parser's settings
            }
        }
        soft.assertAll();
        assertThat(cases).hasSizeGreaterThan(60);

        assertThat(raw.get("/healthz", Map.of()).status()).isEqualTo(200);
        assertThat(comparable(deck.status())).as(deck::story).isEqualTo(statusBefore);
        assertThat(deck.catalog()).isEqualTo(catalogBefore);
        assertThat(newestActivityId()).as("no activity row from a refused request").isEqualTo(newestActivityBefore);
        assertThat(sim.control().loadCalls()).as("nothing reached LM Studio's load").isEqualTo(loadCallsBefore);
        assertThat(Sims.instanceIds(sim)).isEqualTo(instancesBefore);
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String path : POSTS) {
            json(cases, "empty body", path, "", 400);
            json(cases, "not JSON", path, "hello", 400);
            json(cases, "truncated object", path, "{\"model_id\":\"google/gem", 400);
            json(cases, "missing value", path, "{\"model_id\":}", 400);
            json(cases, "unclosed", path, "{", 400);
            json(cases, "array instead of object", path, "[]", 400);
            json(cases, "bare string", path, "\"google/gemma-3-1b\"", 400);
            json(cases, "null", path, "null", 400);
            json(cases, "trailing garbage", path, "{\"all\":true} {\"all\":true}", 400);
            json(cases, "comment", path, "{/* hi */\"all\":true}", 400);
            json(cases, "single quotes", path, "{'model_id':'google/gemma-3-1b'}", 400);
            json(cases, "deep nesting", path, "[".repeat(5000) + "]".repeat(5000), 400);
            json(cases, "unknown field only", path, "{\"bogus\":1}", 400);
            cases.add(new Case("huge body", "POST", path, Map.of("Content-Type", "application/json"),
                    ("{\"model_id\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8), 413));
            cases.add(new Case("huge declared length", "POST", path, Map.of("Content-Type", "application/json",
                    "Content-Length", String.valueOf(10L << 30)), "{}".getBytes(StandardCharsets.UTF_8), 413));
            cases.add(new Case("text/plain", "POST", path, Map.of("Content-Type", "text/plain"),
                    "{\"all\":true}".getBytes(StandardCharsets.UTF_8), 415));
            cases.add(new Case("form encoded", "POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "model_id=google%2Fgemma-3-1b".getBytes(StandardCharsets.UTF_8), 415));
            cases.add(new Case("invalid UTF-8", "POST", path, Map.of("Content-Type", "application/json"),
                    new byte[] {'{', '"', 'm', 'o', 'd', 'e', 'l', '_', 'i', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}, 400));
            cases.add(new Case("UTF-16 body", "POST", path, Map.of("Content-Type", "application/json; charset=utf-16"),
                    "{\"model_id\":\"x\"}".getBytes(StandardCharsets.UTF_16), 0));
            cases.add(new Case("gzip that is not", "POST", path, Map.of("Content-Type", "application/json",
                    "Content-Encoding", "gzip"), "{\"all\":true}".getBytes(StandardCharsets.UTF_8), 0));
            cases.add(new Case("cross-site Origin", "POST", path, Map.of("Content-Type", "application/json",
                    "Origin", "http://evil.example"), "{\"all\":true}".getBytes(StandardCharsets.UTF_8), 403));
            cases.add(new Case("Origin null", "POST", path, Map.of("Content-Type", "application/json",
                    "Origin", "null"), "{\"all\":true}".getBytes(StandardCharsets.UTF_8), 403));
            cases.add(new Case("foreign Host", "POST", path, Map.of("Host", "evil.example", "Content-Type", "application/json"),
                    "{\"all\":true}".getBytes(StandardCharsets.UTF_8), 403));
            cases.add(new Case("GET on a POST route", "GET", path, Map.of(), null, 0));
            cases.add(new Case("cross-site fetch without Origin", "POST", path, Map.of("Content-Type", "application/json",
                    "Sec-Fetch-Site", "cross-site"), "{\"all\":true}".getBytes(StandardCharsets.UTF_8), 403));
            cases.add(new Case("same-site fetch without Origin", "POST", path, Map.of("Content-Type", "application/json",
                    "Sec-Fetch-Site", "same-site"), "{\"all\":true}".getBytes(StandardCharsets.UTF_8), 403));
            // A safe method stays safe whatever the headers say (a prefetch or a replayed GET must not unload).
            for (String method : List.of("GET", "DELETE")) {
                cases.add(new Case(method + " with X-HTTP-Method-Override: POST", method, path, Map.of(
                        "Content-Type", "application/json", "X-HTTP-Method-Override", "POST"),
                        (path.equals(LOAD) ? "{\"model_id\":\"qwen/qwen3-8b\"}" : "{\"all\":true}")
                                .getBytes(StandardCharsets.UTF_8), 405));
            }
        }
        // Load: wrong types, unknown ids and fields.
        json(cases, "model_id number", LOAD, "{\"model_id\":42}", 400);
        json(cases, "model_id null", LOAD, "{\"model_id\":null}", 400);
        json(cases, "model_id object", LOAD, "{\"model_id\":{}}", 400);
        json(cases, "model_id empty", LOAD, "{\"model_id\":\"\"}", 0);
        json(cases, "unknown model", LOAD, "{\"model_id\":\"no/such-model\"}", 404);
        json(cases, "path in model id", LOAD, "{\"model_id\":\"../../etc/passwd\"}", 0);
        json(cases, "NUL in model id", LOAD, "{\"model_id\":\"google/gemma-3-1b\\u0000\"}", 0);
        json(cases, "typo field", LOAD, "{\"modelid\":\"google/gemma-3-1b\"}", 400);
        json(cases, "extra unknown field", LOAD, "{\"model_id\":\"google/gemma-3-1b\",\"force\":true}", 400);
        json(cases, "duplicate key", LOAD, "{\"model_id\":\"google/gemma-3-1b\",\"model_id\":\"qwen/qwen3-8b\"}", 400);
        json(cases, "context_length string", LOAD, "{\"model_id\":\"qwen/qwen3-8b\",\"context_length\":\"big\"}", 400);
        json(cases, "context_length negative", LOAD, "{\"model_id\":\"qwen/qwen3-8b\",\"context_length\":-1}", 400);
        json(cases, "context_length fraction", LOAD, "{\"model_id\":\"qwen/qwen3-8b\",\"context_length\":1.5}", 400);
        json(cases, "context_length overflow", LOAD, "{\"model_id\":\"qwen/qwen3-8b\",\"context_length\":99999999999999999999}", 400);
        json(cases, "gpu_offload above 1", LOAD, "{\"model_id\":\"qwen/qwen3-8b\",\"gpu_offload\":2}", 400);
        json(cases, "gpu_offload word", LOAD, "{\"model_id\":\"qwen/qwen3-8b\",\"gpu_offload\":\"half\"}", 400);
        json(cases, "ttl negative", LOAD, "{\"model_id\":\"qwen/qwen3-8b\",\"ttl_seconds\":-5}", 400);
        json(cases, "keep_others string", LOAD, "{\"model_id\":\"qwen/qwen3-8b\",\"keep_others\":\"yes\"}", 400);
        json(cases, "unknown model with options", LOAD, "{\"model_id\":\"no/such\",\"keep_others\":true}", 404);
        // Unload and cancel.
        json(cases, "unload nothing named", UNLOAD, "{}", 400);
        json(cases, "unload all false", UNLOAD, "{\"all\":false}", 400);
        json(cases, "unload all string", UNLOAD, "{\"all\":\"true\"}", 400);
        json(cases, "unload two selectors", UNLOAD, "{\"all\":true,\"model_id\":\"google/gemma-3-1b\"}", 400);
        json(cases, "unload unknown model", UNLOAD, "{\"model_id\":\"no/such-model\"}", 404);
        json(cases, "unload unknown instance", UNLOAD, "{\"instance_id\":\"nope:7\"}", 404);
        json(cases, "unload instance number", UNLOAD, "{\"instance_id\":7}", 400);
        json(cases, "cancel unknown operation", CANCEL, "{\"operation_id\":\"op-does-not-exist\"}", 404);
        json(cases, "cancel number", CANCEL, "{\"operation_id\":5}", 400);
        json(cases, "cancel empty", CANCEL, "{}", 400);
        // Chat.
        json(cases, "messages missing", CHAT, "{\"stream\":true}", 400);
        json(cases, "messages string", CHAT, "{\"messages\":\"hi\",\"stream\":true}", 400);
        json(cases, "messages empty", CHAT, "{\"messages\":[],\"stream\":true}", 400);
        json(cases, "role number", CHAT, "{\"messages\":[{\"role\":7,\"content\":\"hi\"}],\"stream\":true}", 400);
        json(cases, "role unknown", CHAT, "{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}],\"stream\":true}", 400);
        json(cases, "content missing", CHAT, "{\"messages\":[{\"role\":\"user\"}],\"stream\":true}", 400);
        json(cases, "stream string", CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}", 400);
        json(cases, "max_tokens zero", CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}", 400);
        json(cases, "temperature string", CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}", 400);
        json(cases, "model field", CHAT, "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 400);
        // GET routes: foreign Host, queries, methods.
        for (String path : GETS) {
            cases.add(new Case("foreign Host", "GET", path, Map.of("Host", "evil.example"), null, 403));
            cases.add(new Case("rebinding Host", "GET", path, Map.of("Host", "127.0.0.1.evil.example:" + deck.port()), null, 403));
            cases.add(new Case("DELETE", "DELETE", path, Map.of(), null, 0));
        }
        get(cases, "limit word", "/api/activity?limit=abc", 400);
        get(cases, "limit zero", "/api/activity?limit=0", 400);
        get(cases, "limit over max", "/api/activity?limit=501", 400);
        get(cases, "limit huge", "/api/activity?limit=99999999999999999999", 400);
        get(cases, "before word", "/api/activity?before=yesterday", 400);
        get(cases, "before negative", "/api/activity?before=-3", 400);
        get(cases, "unknown type", "/api/activity?type=model_exploded", 400);
        get(cases, "unknown parameter", "/api/activity?limt=5", 400);
        // Path tricks: never a file outside the UI, never a 5xx, always the JSON envelope.
        get(cases, "dot-dot out of root", "/../../etc/passwd", 0);
        get(cases, "encoded dot-dot", "/%2e%2e/%2e%2e/etc/passwd", 0);
        get(cases, "encoded dot-dot in api", "/api/models/lmstudio/%2e%2e/%2e%2e/%2e%2e/pom.xml", 0);
        get(cases, "encoded slash", "/api/models%2flmstudio%2fstatus", 0);
        get(cases, "double-encoded dot-dot", "/%252e%252e/%252e%252e/etc/passwd", 0);
        get(cases, "backslash", "/..\\..\\pom.xml", 0);
        get(cases, "semicolon segment", "/api/..;/..;/pom.xml", 0);
        get(cases, "NUL in path", "/api/models/lmstudio/status%00.json", 0);
        get(cases, "overlong UTF-8 dot", "/%c0%ae%c0%ae/%c0%ae%c0%ae/pom.xml", 0);
        get(cases, "unknown api route", "/api/models/lmstudio/explode", 404);
        get(cases, "unknown file", "/no-such-file.js", 404);
        cases.add(new Case("huge header", "GET", "/api/models/lmstudio/status", Map.of("X-Filler", "a".repeat(64 * 1024)), null, 0));
        cases.add(new Case("empty Host", "GET", "/api/models/lmstudio/status", Map.of("Host", ""), null, 0));
        return cases;
    }

    private static void json(List<Case> cases, String name, String path, String body, int expected) {
        cases.add(new Case(name, "POST", path, Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), expected));
    }

    private static void get(List<Case> cases, String name, String target, int expected) {
        cases.add(new Case(name, "GET", target, new LinkedHashMap<>(), null, expected));
    }

    private long newestActivityId() {
        JsonNode items = Json.parse(deck.http().get("/api/activity?limit=1").body()).path("items");
        return items.isEmpty() ? 0 : items.get(0).path("id").asLong();
    }

    /** The status without the time it was last checked (that moves on by itself). */
    private static JsonNode comparable(JsonNode status) {
        ObjectNode copy = status.deepCopy();
        copy.remove("checked_at");
        copy.remove("memory");
        return copy;
    }
}
