package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lmdeck.lmstudio.client.errors.InvalidApiKeyException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.NotSupportedException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One physical websocket to one namespace: the handshake, then RPC calls and channels, each in its own map
 * (ids are chosen by this client; LM Studio's SDKs use overlapping counters, so the maps must stay separate).
 * Its maps die with it, so a reconnect starts clean.
 */
final class WsSession implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);

    private record PendingCall(String endpoint, Subject subject, CompletableFuture<JsonNode> result) {
    }

    private final URI uri;
    private final String namespace;
    private final SdkIdentity identity;
    private final String authorization;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration connectTimeout;
    private final Consumer<WsSession> onDeath;
    final CompletableFuture<WsSession> ready = new CompletableFuture<>();
    final Map<Integer, PendingCall> calls = new ConcurrentHashMap<>();
    final Map<Integer, ChannelHandler> channels = new ConcurrentHashMap<>();
    final AtomicInteger nextCallId = new AtomicInteger();
    final AtomicInteger nextChannelId = new AtomicInteger();
    final StringBuilder partial = new StringBuilder();
    final Object sendLock = new Object();
    CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    volatile WebSocket socket;
    volatile boolean dead;
    boolean handshakeDone;

    WsSession(URI uri, String namespace, SdkIdentity identity, String authorization, HttpClient http, ObjectMapper json,
              Duration connectTimeout, Consumer<WsSession> onDeath) {
        this.uri = uri;
        this.namespace = namespace;
        this.identity = identity;
        this.authorization = authorization;
        this.http = http;
        this.json = json;
        this.connectTimeout = connectTimeout;
        this.onDeath = onDeath;
    }

    boolean dead() {
        return dead;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    void start() {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        builder.buildAsync(uri, this).whenComplete((ws, failure) -> {
            if (failure != null) {
                die(connectFailure(failure));
            }
        });
        // The handshake answer must come within the connect timeout too, or the server is not an LM Studio.
        CompletableFuture.delayedExecutor(connectTimeout.toMillis() * 2, TimeUnit.MILLISECONDS).execute(() -> {
            if (!ready.isDone()) {
                die(new OfflineException("LM Studio did not answer the websocket handshake on /" + namespace, null));
            }
        });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        ObjectNode hello = json.createObjectNode();
        hello.put("authVersion", 1);
        hello.put("clientIdentifier", identity.clientIdentifier());
        hello.put("clientPasskey", identity.clientPasskey());
        send(hello);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                receive(text);
            } catch (RuntimeException e) {
                LOG.warn("LM Studio /{}: dropped a message that could not be handled: {}", namespace, e.toString());
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        die(new OfflineException("LM Studio closed the websocket /" + namespace + " (" + statusCode
                + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")", null));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        die(new OfflineException("websocket /" + namespace + " to LM Studio failed: " + error, error));
    }

    void call(String endpoint, JsonNode parameter, Subject subject, CompletableFuture<JsonNode> result) {
        int id = nextCallId.getAndIncrement();
        calls.put(id, new PendingCall(endpoint, subject, result));
        result.whenComplete((r, e) -> calls.remove(id));
        ObjectNode msg = json.createObjectNode().put("type", "rpcCall").put("endpoint", endpoint).put("callId", id);
        if (parameter != null) {
            msg.set("parameter", parameter);
        }
        if (dead) {
            result.completeExceptionally(new OfflineException("connection to LM Studio /" + namespace + " dropped", null));
            return;
        }
        send(msg);
    }

    SdkChannel openChannel(String endpoint, JsonNode creationParameter, ChannelHandler handler) {
        int id = nextChannelId.getAndIncrement();
        channels.put(id, handler);
        ObjectNode msg = json.createObjectNode().put("type", "channelCreate").put("endpoint", endpoint).put("channelId", id);
        msg.set("creationParameter", creationParameter);
        send(msg);
        if (dead) {
            channels.remove(id);
            handler.onDisconnect(new OfflineException("connection to LM Studio /" + namespace + " dropped", null));
        }
        return new SdkChannel() {
            @Override
            public int id() {
                return id;
            }

            @Override
            public void send(JsonNode message) {
                ObjectNode frame = json.createObjectNode().put("type", "channelSend").put("channelId", id);
                frame.set("message", message);
                WsSession.this.send(frame);
            }

            @Override
            public void forget() {
                channels.remove(id);
            }
        };
    }

    void send(JsonNode message) {
        String text = write(message);
        synchronized (sendLock) {
            // The JDK websocket allows one outstanding send at a time: chain them.
            sendChain = sendChain.handle((r, e) -> null).thenCompose(x -> {
                WebSocket ws = socket;
                return ws == null || dead ? CompletableFuture.completedFuture(null) : ws.sendText(text, true);
            }).exceptionally(e -> {
                // A socket that cannot send is dead even if its close has not arrived yet: fail what waits on it now.
                LOG.debug("LM Studio /{}: send failed: {}", namespace, e.toString());
                die(new OfflineException("could not send to LM Studio on /" + namespace + " (" + e + ")", e));
                return null;
            });
        }
    }

    void receive(String text) {
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.warn("LM Studio /{}: ignored a frame that is not JSON", namespace);
            return;
        }
        if (!handshakeDone) {
            handshake(msg);
            return;
        }
        String type = msg.path("type").asText("");
        int callId = msg.path("callId").asInt(-1);
        int channelId = msg.path("channelId").asInt(-1);
        switch (type) {
            case "rpcResult": {
                PendingCall call = calls.remove(callId);
                if (call != null) {
                    JsonNode result = msg.get("result");
                    call.result().complete(result == null ? NullNode.getInstance() : result);
                } else {
                    warnUnknown("rpcResult", callId);
                }
                break;
            }
            case "rpcError": {
                PendingCall call = calls.remove(callId);
                if (call != null) {
                    call.result().completeExceptionally(UpstreamErrors.fromSdk(msg.get("error"), call.endpoint(), call.subject()));
                } else {
                    warnUnknown("rpcError", callId);
                }
                break;
            }
            case "channelSend": {
                ChannelHandler handler = channels.get(channelId);
                if (msg.has("ackId")) {
                    send(json.createObjectNode().put("type", "channelAck").put("channelId", channelId)
                            .set("ackId", msg.get("ackId")));
                }
                if (handler != null) {
                    handler.onMessage(msg.path("message"));
                } else {
                    warnUnknown("channelSend", channelId);
                }
                break;
            }
            case "channelError": {
                ChannelHandler handler = channels.remove(channelId);
                if (handler != null) {
                    handler.onError(msg.get("error"));
                }
                break;
            }
            case "channelClose": {
                ChannelHandler handler = channels.remove(channelId);
                if (handler != null) {
                    handler.onClose();
                }
                break;
            }
            case "communicationWarning":
                LOG.warn("LM Studio /{} warned: {}", namespace, msg.path("warning").asText());
                break;
            case "keepAlive":
                send(json.createObjectNode().put("type", "keepAliveAck"));
                break;
            case "keepAliveAck":
            case "channelAck":
                break;
            default:
                LOG.debug("LM Studio /{}: ignored a message of type '{}'", namespace, type);
        }
    }

    private void handshake(JsonNode msg) {
        if (msg.path("success").asBoolean(false)) {
            handshakeDone = true;
            ready.complete(this);
            return;
        }
        String reason = msg.path("error").isTextual() ? msg.path("error").asText() : msg.path("error").toString();
        die(new InvalidApiKeyException("LM Studio refused the websocket handshake on /" + namespace
                + ": Failed to authenticate: " + reason, 0));
    }

    private void warnUnknown(String what, int id) {
        LOG.debug("LM Studio /{}: {} for unknown id {}", namespace, what, id);
        send(json.createObjectNode().put("type", "communicationWarning")
                .put("warning", "Received " + what + " for unknown id " + id));
    }

    void die(LmStudioException reason) {
        if (dead) {
            return;
        }
        dead = true;
        onDeath.accept(this);
        ready.completeExceptionally(reason);
        calls.values().forEach(c -> c.result().completeExceptionally(reason));
        calls.clear();
        Map<Integer, ChannelHandler> open = Map.copyOf(channels);
        channels.clear();
        open.values().forEach(h -> h.onDisconnect(reason));
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private LmStudioException connectFailure(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof WebSocketHandshakeException)
                && !(cause instanceof java.io.IOException)) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketHandshakeException) {
            int status = ((WebSocketHandshakeException) cause).getResponse().statusCode();
            if (status == 401 || status == 403) {
                return new InvalidApiKeyException("LM Studio refused the websocket /" + namespace + " (HTTP " + status + ")", status);
            }
            return new NotSupportedException("LM Studio has no SDK websocket at /" + namespace + " (HTTP " + status + ")");
        }
        return new OfflineException("cannot open the websocket to LM Studio at " + uri + " (" + cause + ")", cause);
    }
}
