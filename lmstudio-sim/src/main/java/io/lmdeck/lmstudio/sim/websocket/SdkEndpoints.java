package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.websocket.WsContext;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Registers the SDK websocket namespaces on the HTTP port: {@code /llm}, {@code /embedding}, {@code /system}
 * (and the other namespace paths, which accept the handshake but answer every call with an rpcError).
 */
public final class SdkEndpoints {
    private final Map<String, Namespace> namespaces;
    private final ObjectMapper mapper;
    private final Predicate<JsonNode> handshakeAccepted;
    private final Map<String, SdkConnection> connections = new ConcurrentHashMap<>();

    private final ModelEngine engine;

    /**
     * @param token LM Studio API token ({@code sk-lm-XXXXXXXX:YYYY…}) required in the handshake, or null for none
     */
    public SdkEndpoints(ModelEngine engine, ObjectMapper mapper, String token, Executor blockingWork) {
        this.engine = engine;
        this.mapper = mapper;
        Namespace none = new Namespace() {
            @Override
            public JsonNode call(String endpoint, JsonNode parameter) {
                throw Namespace.unknownEndpoint("RPC", endpoint);
            }

            @Override
            public void open(String endpoint, JsonNode creationParameter, Channel channel) {
                throw Namespace.unknownEndpoint("channel", endpoint);
            }
        };
        // The other SDK namespaces exist (handshake works) but the simulator implements none of their endpoints.
        this.namespaces = Map.of(
                "/llm", new ModelNamespace(engine, "llm", mapper, blockingWork),
                "/embedding", new ModelNamespace(engine, "embedding", mapper, blockingWork),
                "/system", new SystemNamespace(engine, mapper),
                "/diagnostics", none, "/files", none, "/repository", none, "/plugins", none, "/runtime", none);
        this.handshakeAccepted = frame -> token == null || tokenMatches(token, frame);
    }

    public void register(JavalinDefaultRoutingApi routes) {
        namespaces.forEach((path, ns) -> routes.ws(path, ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(java.time.Duration.ofHours(1));
                connections.put(ctx.sessionId(), new SdkConnection(mapper, ns, handshakeAccepted, sender(ctx)));
            });
            ws.onMessage(ctx -> {
                SdkConnection c = connections.get(ctx.sessionId());
                engine.settings().awaitResponseDelay();
                if (c != null) c.receive(ctx.message());
            });
            ws.onBinaryMessage(ctx -> {
                SdkConnection c = connections.get(ctx.sessionId());
                if (c != null) c.warn("Received a binary packet; only JSON text frames are understood", "malformedPacket");
            });
            ws.onClose(ctx -> {
                SdkConnection c = connections.remove(ctx.sessionId());
                if (c != null) c.closed();
            });
            ws.onError(ctx -> {
                SdkConnection c = connections.remove(ctx.sessionId());
                if (c != null) c.closed();
            });
        }));
    }

    private static java.util.function.Consumer<String> sender(WsContext ctx) {
        return text -> {
            if (ctx.session.isOpen()) ctx.send(text);
        };
    }

    private static boolean tokenMatches(String token, JsonNode frame) {
        String body = token.substring("sk-lm-".length());
        int colon = body.indexOf(':');
        return body.substring(0, colon).equals(frame.path("clientIdentifier").asText(null))
                && body.substring(colon + 1).equals(frame.path("clientPasskey").asText(null));
    }
}
