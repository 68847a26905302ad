package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.lmdeck.lmstudio.client.errors.CancelledException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One websocket to one LM Studio namespace ({@code /llm}, {@code /embedding}, {@code /system}), as the SDKs use it:
 * the auth handshake, RPC calls and channels (ids in separate maps), and a fresh connection on the next use after
 * the previous one dropped. Calls and channels of a dropped connection fail with {@link OfflineException}.
 */
public final class WsConnection implements AutoCloseable {
    private final URI uri;
    private final String namespace;
    private final SdkIdentity identity;
    private final String authorization;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration connectTimeout;
    private final Executor completions;
    private final Object lock = new Object();
    private WsSession current;
    private boolean closed;

    /**
     * @param completions where RPC futures are completed, so that callers' dependent stages never run on (and block)
     *                    the socket's reader thread
     */
    public WsConnection(URI httpBaseUrl, String namespace, SdkIdentity identity, String apiToken, HttpClient http,
                        ObjectMapper json, Duration connectTimeout, Executor completions) {
        String scheme = "https".equals(httpBaseUrl.getScheme()) ? "wss" : "ws";
        this.uri = URI.create(scheme + "://" + httpBaseUrl.getRawAuthority() + "/" + namespace);
        this.namespace = namespace;
        this.identity = identity;
        this.authorization = apiToken == null ? null : "Bearer " + apiToken;
        this.http = http;
        this.json = json;
        this.connectTimeout = connectTimeout;
        this.completions = completions;
    }

    public String namespace() {
        return namespace;
    }

    /** Connects (or reuses the open connection) and completes once the handshake succeeded. */
    public CompletableFuture<Void> connect() {
        return session().thenApply(s -> null);
    }

    /** An RPC call; completes with the result ({@link NullNode} for void RPCs) or an {@link LmStudioException}. */
    public CompletableFuture<JsonNode> call(String endpoint, JsonNode parameter, Subject subject, Duration timeout) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        session().whenComplete((session, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                session.call(endpoint, parameter, subject, result);
            }
        });
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                        ? new OfflineException("LM Studio did not answer " + endpoint + " on /" + namespace + " within "
                        + timeout.toSeconds() + " s", e) : e))
                .thenApplyAsync(r -> r, completions);
    }

    /** Opens a channel; the handler receives everything the server sends on it. Completes once the channel was created. */
    public CompletableFuture<SdkChannel> openChannel(String endpoint, JsonNode creationParameter, ChannelHandler handler) {
        return session().thenApply(s -> s.openChannel(endpoint, creationParameter, handler));
    }

    /** Drops the connection (as if the server went away), failing its calls and channels. Next use reconnects. */
    public void disconnect() {
        WsSession s;
        synchronized (lock) {
            s = current;
            current = null;
        }
        if (s != null) {
            s.die(new OfflineException("connection to LM Studio /" + namespace + " was closed by the client", null));
        }
    }

    @Override
    public void close() {
        WsSession s;
        synchronized (lock) {
            closed = true;
            s = current;
            current = null;
        }
        if (s != null) {
            s.die(new CancelledException("the LM Studio client was closed"));
        }
    }

    private CompletableFuture<WsSession> session() {
        WsSession s;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new CancelledException("the LM Studio client was closed"));
            }
            if (current != null && !current.dead() && !current.ready.isCompletedExceptionally()) {
                return current.ready;
            }
            s = new WsSession(uri, namespace, identity, authorization, http, json, connectTimeout, this::forget);
            current = s;
        }
        s.start();
        return s.ready;
    }

    /** A dead session is no longer the current one; the next use connects afresh. */
    private void forget(WsSession dead) {
        synchronized (lock) {
            if (current == dead) {
                current = null;
            }
        }
    }
}
