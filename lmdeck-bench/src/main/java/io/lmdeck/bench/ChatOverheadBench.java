package io.lmdeck.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * 3. Time to first token and tokens/second of a streamed chat through {@code POST /api/chat} against the same
 * chat sent straight to the simulator's {@code /v1/chat/completions}, same instance, same prompt (the simulator's
 * reply depends only on model and prompt), alternating, read by the same HTTP client. Measured in steady state,
 * after short warm-up chats both ways (a server that has answered a few hundred chats); the first chats after
 * start-up are measured too and reported in the note, since JIT warm-up makes them slower on both paths.
 */
final class ChatOverheadBench implements Benchmark {
    private static final int COLD = 5;
    private static final int WARMUP = 1000;
    private static final int ROUNDS = 25;

    /** One streamed reply: when the request was sent, the first and last token arrived, how many tokens. */
    private record Stream(long sent, long first, long last, int tokens) {
        double ttftMs() {
            return Samples.millisSince(sent, first);
        }

        double tokensPerSecond(int tokenCount) {
            return (tokenCount - 1) / ((last - first) / 1e9);
        }
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String describe() {
        return "TTFT and tokens/s through /api/chat vs. directly from the simulator's /v1/chat/completions";
    }

    @Override
    public List<Figure> run(BenchSession session) throws Exception {
        BenchRig rig = session.rig();
        rig.timedLoad(BenchRig.MODEL, Duration.ofSeconds(15));
        awaitReady(rig);
        Samples ttftDirect = new Samples();
        Samples ttftLmdeck = new Samples();
        Samples rateDirect = new Samples();
        Samples rateLmdeck = new Samples();
        Samples ttftAdded = new Samples();
        Samples rateRatio = new Samples();
        Samples coldAdded = new Samples();
        for (int round = 0; round < COLD + WARMUP + ROUNDS; round++) {
            boolean measured = round < COLD || round >= COLD + WARMUP;
            String messages = "[{\"role\":\"user\",\"content\":\"Tell me about round " + round + "\"}]";
            String limit = measured ? "" : ",\"max_tokens\":2";
            Stream direct = direct(rig, messages + limit);
            Stream proxied = viaLmdeck(rig, messages + limit);
            if (round < COLD) {
                coldAdded.add(proxied.ttftMs() - direct.ttftMs());
                continue;
            }
            if (!measured) {
                continue;
            }
            if (direct.tokens() < 2 || proxied.tokens() < 1) {
                throw new IOException("too short a reply to measure: " + direct.tokens() + " tokens");
            }
            // Tokens are counted upstream: lmdeck may merge deltas, the reply is the same text either way.
            double directRate = direct.tokensPerSecond(direct.tokens());
            double lmdeckRate = proxied.tokensPerSecond(direct.tokens());
            ttftDirect.add(direct.ttftMs());
            ttftLmdeck.add(proxied.ttftMs());
            ttftAdded.add(proxied.ttftMs() - direct.ttftMs());
            rateDirect.add(directRate);
            rateLmdeck.add(lmdeckRate);
            rateRatio.add(lmdeckRate / directRate);
        }
        String how = String.format(Locale.ROOT, "%d alternating pairs after %d short warm-up pairs, %s, simulator streams"
                + " a token every %d ms; the first %d pairs after start-up added %.2f ms (median)", ROUNDS, WARMUP,
                BenchRig.MODEL, BenchRig.TOKEN_DELAY_MS, COLD, coldAdded.median());
        return List.of(
                Figure.of(name(), "time to first token via lmdeck", "ms", ttftLmdeck)
                        .comparedWith(ttftDirect.median(), ttftLmdeck.median() / ttftDirect.median())
                        .target("+2 ms at most", ttftAdded.median() <= 2)
                        .note(how + String.format(Locale.ROOT, "; added TTFT per pair: median %.2f ms, p99 %.2f ms",
                                ttftAdded.median(), ttftAdded.p99())),
                Figure.of(name(), "tokens/s via lmdeck", "tok/s", rateLmdeck)
                        .comparedWith(rateDirect.median(), rateRatio.median())
                        .target("ratio >= 0.95", rateRatio.median() >= 0.95)
                        .note("ratio = median of per-pair lmdeck/direct; rate = (tokens - 1) / (last token - first token)"));
    }

    private static void awaitReady(BenchRig rig) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"ready".equals(rig.api().status().path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("lmdeck did not get " + BenchRig.MODEL + " ready");
            }
            LmdeckProcess.pause(Duration.ofMillis(20));
        }
    }

    /** {@code fields}: the messages array, then optionally more JSON fields (",\"max_tokens\":2"). */
    private static Stream direct(BenchRig rig, String fields) throws IOException, InterruptedException {
        URI uri = URI.create(rig.sim().baseUrl() + "/v1/chat/completions");
        String body = "{\"model\":\"" + BenchRig.MODEL + "\",\"stream\":true,\"messages\":" + fields + "}";
        return read(rig, uri, body, line -> line.startsWith("data: {") && line.contains("\"content\":\""));
    }

    private static Stream viaLmdeck(BenchRig rig, String fields) throws IOException, InterruptedException {
        URI uri = rig.api().uri("/api/chat");
        String body = "{\"stream\":true,\"messages\":" + fields + "}";
        boolean[] inDelta = {false};
        return read(rig, uri, body, line -> {
            if (line.startsWith("event:")) {
                inDelta[0] = line.substring(6).trim().equals("delta");
                return false;
            }
            return inDelta[0] && line.startsWith("data:");
        });
    }

    private static Stream read(BenchRig rig, URI uri, String body, java.util.function.Predicate<String> isToken)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> res = rig.api().http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (res.statusCode() != 200) {
            String error = new String(res.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new IOException("chat to " + uri + " answered " + res.statusCode() + ": " + error);
        }
        long first = 0;
        long last = 0;
        int tokens = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (isToken.test(line)) {
                    last = System.nanoTime();
                    if (tokens++ == 0) {
                        first = last;
                    }
                }
            }
        }
        return new Stream(sent, first, last, tokens);
    }
}
