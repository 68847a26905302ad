package io.lmdeck.lmstudio.client.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.ChatCompletionStream;
import io.lmdeck.lmstudio.client.ChatListener;
import io.lmdeck.lmstudio.client.errors.CancelledException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors;
import io.lmdeck.lmstudio.client.model.ChatCompletion;
import io.lmdeck.lmstudio.client.model.Usage;
import io.lmdeck.lmstudio.client.rest.HttpJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import static io.lmdeck.lmstudio.client.rest.JsonFields.text;

/**
 * A streamed {@code /v1/chat/completions}: reads the SSE body line by line as it arrives and hands each delta to the
 * listener. Cancelling cancels the body subscription, which closes the HTTP connection (LM Studio stops generating).
 */
final class SseChatStream implements ChatCompletionStream, Flow.Subscriber<String> {
    private static final Logger LOG = LoggerFactory.getLogger(SseChatStream.class);

    private final ChatListener listener;
    private final HttpJson http;
    private final String model;
    private final CompletableFuture<ChatCompletion> completion = new CompletableFuture<>();
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder eventData = new StringBuilder();
    private final StringBuilder errorBody = new StringBuilder();
    private Flow.Subscription subscription;
    private CompletableFuture<?> request;
    private int status;
    private String id;
    private String answeringModel;
    private String finishReason;
    private Usage usage;
    private boolean cancelRequested;

    SseChatStream(ChatListener listener, HttpJson http, String model) {
        this.listener = listener;
        this.http = http;
        this.model = model;
    }

    /** The body handler: remembers the status and feeds lines to this stream. */
    HttpResponse.BodySubscriber<Void> bodySubscriber(HttpResponse.ResponseInfo info) {
        synchronized (this) {
            status = info.statusCode();
        }
        return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> null, StandardCharsets.UTF_8, null);
    }

    synchronized void attach(CompletableFuture<?> httpRequest) {
        this.request = httpRequest;
        if (cancelRequested) {
            httpRequest.cancel(true);
        }
        httpRequest.whenComplete((r, e) -> {
            if (e != null) {
                fail(http.asLmStudio(HttpJson.unwrap(e), "/v1/chat/completions"));
            }
        });
    }

    @Override
    public CompletableFuture<ChatCompletion> completion() {
        return completion;
    }

    @Override
    public void cancel() {
        Flow.Subscription s;
        CompletableFuture<?> r;
        synchronized (this) {
            if (completion.isDone()) {
                return;
            }
            cancelRequested = true;
            s = subscription;
            r = request;
        }
        if (s != null) {
            s.cancel();
        }
        if (r != null) {
            r.cancel(true);
        }
        fail(new CancelledException("the chat with " + model + " was cancelled"));
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelRequested) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        synchronized (this) {
            if (completion.isDone()) {
                return;
            }
            if (status != 200) {
                errorBody.append(line).append('\n');
                return;
            }
        }
        if (line.isEmpty()) {
            dispatchEvent();
        } else if (line.startsWith("data:")) {
            String data = line.substring(5);
            eventData.append(data.startsWith(" ") ? data.substring(1) : data);
        }
        // "event:", "id:" and ":" comment lines carry nothing for chat completions.
    }

    @Override
    public void onError(Throwable throwable) {
        fail(http.asLmStudio(HttpJson.unwrap(throwable), "/v1/chat/completions"));
    }

    @Override
    public void onComplete() {
        int code;
        synchronized (this) {
            code = status;
        }
        if (code != 200) {
            String raw = errorBody.toString();
            fail(UpstreamErrors.fromHttp(code, http.parseOrNull(raw), raw, "/v1/chat/completions", Subject.model(model)));
            return;
        }
        dispatchEvent();
        if (finishReason != null) {
            succeed();
        } else {
            fail(new OfflineException("the chat stream from LM Studio ended before the answer was complete", null));
        }
    }

    private void dispatchEvent() {
        if (eventData.length() == 0) {
            return;
        }
        String data = eventData.toString().trim();
        eventData.setLength(0);
        if (data.equals("[DONE]")) {
            succeed();
            return;
        }
        JsonNode chunk = http.parseOrNull(data);
        if (chunk == null) {
            LOG.debug("chat stream: ignored a data frame that is not JSON");
            return;
        }
        if (UpstreamErrors.isErrorBody(chunk)) {
            fail(UpstreamErrors.fromHttp(200, chunk, data, "/v1/chat/completions", Subject.model(model)));
            return;
        }
        id = id == null ? text(chunk, "id") : id;
        answeringModel = answeringModel == null ? text(chunk, "model") : answeringModel;
        if (chunk.get("usage") != null && chunk.get("usage").isObject()) {
            usage = ChatParser.usage(chunk.get("usage"));
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String reasoningPiece = ChatParser.reasoning(delta);
        if (reasoningPiece != null && !reasoningPiece.isEmpty()) {
            reasoning.append(reasoningPiece);
            deliver(() -> listener.onReasoning(reasoningPiece));
        }
        String piece = text(delta, "content");
        if (piece != null && !piece.isEmpty()) {
            content.append(piece);
            deliver(() -> listener.onToken(piece));
        }
        if (text(choice, "finish_reason") != null) {
            finishReason = text(choice, "finish_reason");
        }
    }

    private void deliver(Runnable call) {
        synchronized (this) {
            if (completion.isDone()) {
                return;
            }
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("chat listener threw; stopping the stream", e);
            cancel();
        }
    }

    private void succeed() {
        ChatCompletion result = new ChatCompletion(id, answeringModel != null ? answeringModel : model, content.toString(),
                reasoning.toString(), finishReason, usage);
        synchronized (this) {
            if (!completion.complete(result)) {
                return;
            }
        }
        safely(() -> listener.onComplete(result));
    }

    private void fail(LmStudioException error) {
        synchronized (this) {
            if (!completion.completeExceptionally(error)) {
                return;
            }
        }
        Flow.Subscription s;
        synchronized (this) {
            s = subscription;
        }
        if (s != null && !(error instanceof CancelledException)) {
            s.cancel();
        }
        safely(() -> listener.onError(error));
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("chat listener threw", e);
        }
    }
}
