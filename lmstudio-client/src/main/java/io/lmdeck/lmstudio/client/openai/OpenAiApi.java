package io.lmdeck.lmstudio.client.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.client.ChatCompletionStream;
import io.lmdeck.lmstudio.client.ChatListener;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;
import io.lmdeck.lmstudio.client.model.ChatCompletion;
import io.lmdeck.lmstudio.client.model.ChatCompletionMessage;
import io.lmdeck.lmstudio.client.model.ChatCompletionRequest;
import io.lmdeck.lmstudio.client.model.EmbeddingResult;
import io.lmdeck.lmstudio.client.rest.HttpJson;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * LM Studio's OpenAI-compatible endpoints: {@code /v1/models}, {@code /v1/chat/completions} (plain and streamed),
 * {@code /v1/embeddings}. Part of the client's implementation; use {@link io.lmdeck.lmstudio.client.LmStudioClient}.
 */
public final class OpenAiApi {
    private final HttpJson http;
    private final Duration answerTimeout;

    /**
     * @param answerTimeout how long to wait for an answer to start; generous, because LM Studio may first load the
     *                      model just in time (the first byte is delayed by the whole load)
     */
    public OpenAiApi(HttpJson http, Duration answerTimeout) {
        this.http = http;
        this.answerTimeout = answerTimeout;
    }

    public List<String> models() {
        return ChatParser.modelIds(http.get("/v1/models", Subject.NONE));
    }

    public ChatCompletion chat(ChatCompletionRequest request) {
        return ChatParser.completion(http.post("/v1/chat/completions", body(request, false), answerTimeout,
                Subject.model(request.model())));
    }

    public ChatCompletionStream stream(ChatCompletionRequest request, ChatListener listener) {
        SseChatStream stream = new SseChatStream(listener, http, request.model());
        HttpRequest httpRequest = http.request("/v1/chat/completions")
                .timeout(answerTimeout)
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(http.write(body(request, true))))
                .build();
        stream.attach(http.client().sendAsync(httpRequest, stream::bodySubscriber));
        return stream;
    }

    public EmbeddingResult embed(String model, List<String> inputs) {
        ObjectNode body = http.mapper().createObjectNode().put("model", model);
        ArrayNode input = body.putArray("input");
        inputs.forEach(input::add);
        return ChatParser.embeddings(http.post("/v1/embeddings", body, answerTimeout, Subject.model(model)));
    }

    /** The request body; {@code ttl} is LM Studio's extension (seconds). */
    JsonNode body(ChatCompletionRequest request, boolean stream) {
        ObjectNode body = http.mapper().createObjectNode().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatCompletionMessage m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            body.put("max_tokens", request.maxTokens());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.ttl() != null) {
            body.put("ttl", Math.max(1, request.ttl().toSeconds()));
        }
        body.put("stream", stream);
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }
}
