package io.lmdeck.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lmdeck.http.ApiException;
import io.lmdeck.http.ErrorMapping;
import io.lmdeck.http.JsonBody;
import io.lmdeck.http.SseFrames;
import io.lmdeck.lifecycle.ChatLease;
import io.lmdeck.lifecycle.LifecycleException;
import io.lmdeck.lifecycle.LoadingView;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.lmdeck.metrics.LmdeckMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code POST /api/chat}: leases the active model (waiting, bounded, through a swap and streaming
 * {@code event: status} frames meanwhile), relays LM Studio's streamed reply as {@code event: delta} frames,
 * then {@code event: done}. Failures before the first frame are plain JSON errors (503 + Retry-After when no
 * model is usable); after it, an {@code event: error} frame ends the stream. The lease is released when the
 * reply ends or the client goes away, and a client that goes away cancels the upstream request.
 */
public final class ChatRoute {
    private static final Set<String> FIELDS = Set.of("messages", "stream", "temperature", "max_tokens", "top_p");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private final ModelLifecycle lifecycle;
    private final ChatUpstream upstream;
    private final SseFrames frames;
    private final LmdeckMetrics metrics;
    private final Duration maxWait;

    public ChatRoute(ModelLifecycle lifecycle, ChatUpstream upstream, SseFrames frames, LmdeckMetrics metrics, Duration maxWait) {
        this.lifecycle = lifecycle;
        this.upstream = upstream;
        this.frames = frames;
        this.metrics = metrics;
        this.maxWait = maxWait;
    }

    public void handle(Context ctx) throws InterruptedException {
        ChatRequest request;
        try {
            request = parse(JsonBody.read(ctx, FIELDS));
        } catch (ApiException e) {
            metrics.chatRequest("invalid");
            throw e;
        }
        ChatStream stream = new ChatStream(ctx.res(), frames);
        ChatLease lease;
        try {
            lease = lifecycle.acquireChatLease(maxWait, loading -> stream.send("status", status(loading)));
        } catch (LifecycleException e) {
            metrics.chatRequest("unavailable");
            ApiException api = ErrorMapping.toApi(e);
            if (!stream.started()) {
                throw api;
            }
            stream.send("error", errorBody(api));
            return;
        }
        try (lease) {
            if (stream.clientGone()) {
                metrics.chatRequest("client_gone");
                return;
            }
            metrics.chatRequest(relay(request, lease, stream));
        }
    }

    private String relay(ChatRequest request, ChatLease lease, ChatStream stream) throws InterruptedException {
        if (stream.started()) {
            stream.send("status", Map.of("state", "ready", "model_id", lease.modelId(),
                    "message", "Model ready: " + lease.modelId()));
        }
        CompletableFuture<ChatFinish> reply = new CompletableFuture<>();
        CompletableFuture<ChatFinish> call = upstream.stream(lease.instanceId(), request, delta -> {
            if (!stream.send("delta", Map.of("content", delta))) {
                reply.cancel(false);
            }
        });
        call.whenComplete((finish, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            } else {
                reply.complete(finish);
            }
        });
        try {
            ChatFinish finish = reply.get();
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("model_id", lease.modelId());
            done.put("finish_reason", finish == null ? null : finish.finishReason());
            done.put("prompt_tokens", finish == null ? null : finish.promptTokens());
            done.put("completion_tokens", finish == null ? null : finish.completionTokens());
            stream.send("done", done);
            return "completed";
        } catch (CancellationException e) {
            call.cancel(true); // the client went away: stop LM Studio generating for nobody
            return "client_gone";
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            ApiException api = upstreamError(e.getCause());
            if (!stream.started()) {
                throw api;
            }
            stream.send("error", errorBody(api));
            return "failed";
        }
    }

    private static ApiException upstreamError(Throwable cause) {
        if (cause instanceof ChatUpstreamException && ((ChatUpstreamException) cause).offline()) {
            return new ApiException(503, "lmstudio_offline", "LM Studio is offline: " + cause.getMessage(), Duration.ofSeconds(5));
        }
        String why = cause == null || cause.getMessage() == null ? "unknown error" : cause.getMessage();
        return new ApiException(502, "upstream_error", "LM Studio failed to answer: " + why);
    }

    private static Map<String, Object> errorBody(ApiException e) {
        return Map.of("error", Map.of("code", e.code(), "message", e.getMessage()));
    }

    private static Map<String, Object> status(LoadingView loading) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", "loading");
        s.put("model_id", loading.modelId());
        s.put("operation_id", loading.operationId());
        s.put("progress", loading.progress());
        s.put("eta_seconds", loading.etaSeconds());
        String pct = loading.progress() == null ? "" : " " + Math.round(loading.progress() * 100) + " %";
        s.put("message", "Swapping to " + loading.modelId() + "…" + pct);
        return s;
    }

    static ChatRequest parse(JsonBody body) {
        if (body.has("stream") && !body.optionalBoolean("stream", true)) {
            throw ApiException.badRequest("Field 'stream' must be true: lmdeck always streams chat replies");
        }
        JsonNode raw = body.raw("messages");
        if (raw == null || !raw.isArray() || raw.isEmpty()) {
            throw ApiException.badRequest("Field 'messages' is required: a non-empty array of {\"role\",\"content\"}");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            JsonNode m = raw.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                throw ApiException.badRequest("Field '" + where + "' must be an object {\"role\",\"content\"}");
            }
            m.fieldNames().forEachRemaining(name -> {
                if (!name.equals("role") && !name.equals("content")) {
                    throw ApiException.badRequest("Unknown field '" + where + "." + name + "'; allowed: role, content");
                }
            });
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                throw ApiException.badRequest("Field '" + where + ".role' must be one of system, user, assistant, tool");
            }
            JsonNode content = m.get("content");
            if (content == null || !content.isTextual()) {
                throw ApiException.badRequest("Field '" + where + ".content' must be a string");
            }
            messages.add(new ChatMessage(role.asText(), content.asText()));
        }
        return new ChatRequest(messages,
                body.optionalDouble("temperature", 0, 2),
                body.optionalInt("max_tokens", 1, 1_000_000),
                body.optionalDouble("top_p", 0, 1));
    }
}
