package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One SDK websocket: the handshake frame first, then rpcCall / channelCreate / channelSend / keepAlive. RPC ids
 * and channel ids are separate spaces (the JS SDK shares one counter, Python has two). Bad frames get a
 * {@code communicationWarning}, never an exception.
 */
final class SdkConnection {
    private final ObjectMapper mapper;
    private final Namespace namespace;
    private final Predicate<JsonNode> handshakeAccepted;
    private final Consumer<String> sender;
    private final Map<Long, Channel> channels = new ConcurrentHashMap<>();
    private volatile boolean authenticated;

    SdkConnection(ObjectMapper mapper, Namespace namespace, Predicate<JsonNode> handshakeAccepted, Consumer<String> sender) {
        this.mapper = mapper;
        this.namespace = namespace;
        this.handshakeAccepted = handshakeAccepted;
        this.sender = sender;
    }

    void receive(String text) {
        JsonNode frame;
        try {
            frame = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            warn("Received a packet that is not valid JSON", "malformedPacket");
            return;
        }
        if (!(frame instanceof ObjectNode)) {
            warn("Received a packet that is not a JSON object", "malformedPacket");
            return;
        }
        if (!authenticated) {
            handshake(frame);
            return;
        }
        try {
            dispatch(frame);
        } catch (RuntimeException e) {
            warn("Failed to handle packet: " + e.getClass().getSimpleName(), "internalError");
        }
    }

    private void handshake(JsonNode frame) {
        if (!frame.has("authVersion")) {
            send(object().put("success", false).put("error", "Expected an authentication packet first"));
            return;
        }
        if (handshakeAccepted.test(frame)) {
            authenticated = true;
            send(object().put("success", true));
        } else {
            send(object().put("success", false).put("error",
                    "Invalid LM Studio API token. Provide a valid API token (clientIdentifier and clientPasskey)."));
        }
    }

    private void dispatch(JsonNode frame) {
        String type = frame.path("type").asText("");
        switch (type) {
            case "rpcCall":
                rpcCall(frame);
                break;
            case "channelCreate":
                channelCreate(frame);
                break;
            case "channelSend":
                channelSend(frame);
                break;
            case "channelAck":
            case "communicationWarning":
                break;
            case "keepAlive":
                send(frame("keepAliveAck"));
                break;
            case "signalSubscribe":
            case "writableSignalSubscribe":
                signalUnsupported(frame, type);
                break;
            default:
                warn("Received a packet of unknown type: " + type, "unknownPacketType");
        }
    }

    private void rpcCall(JsonNode frame) {
        if (!frame.path("callId").canConvertToLong() || !frame.path("callId").isIntegralNumber()
                || !frame.path("endpoint").isTextual()) {
            warn("Received an rpcCall without a numeric callId or an endpoint", "malformedPacket");
            return;
        }
        long callId = frame.get("callId").asLong();
        try {
            JsonNode result = namespace.call(frame.get("endpoint").asText(), frame.path("parameter"));
            ObjectNode out = frame("rpcResult").put("callId", callId);
            if (result != null) out.set("result", result);
            send(out);
        } catch (SdkError e) {
            ObjectNode out = frame("rpcError").put("callId", callId);
            out.set("error", e.toJson(object()));
            send(out);
        }
    }

    private void channelCreate(JsonNode frame) {
        if (!frame.path("channelId").isIntegralNumber() || !frame.path("endpoint").isTextual()) {
            warn("Received a channelCreate without a numeric channelId or an endpoint", "malformedPacket");
            return;
        }
        Channel channel = new Channel(this, frame.get("channelId").asLong());
        channels.put(channel.id(), channel);
        try {
            namespace.open(frame.get("endpoint").asText(), frame.path("creationParameter"), channel);
        } catch (SdkError e) {
            channel.error(e);
        }
    }

    private void channelSend(JsonNode frame) {
        Channel channel = channels.get(frame.path("channelId").asLong(-1));
        if (channel == null) {
            warn("Received channelSend for unknown channel " + frame.path("channelId"), "unknownChannel");
            return;
        }
        if (frame.path("ackId").isIntegralNumber()) {
            send(frame("channelAck").put("channelId", channel.id()).put("ackId", frame.get("ackId").asLong()));
        }
        if ("cancel".equals(frame.path("message").path("type").asText())) channel.cancel();
    }

    private void signalUnsupported(JsonNode frame, String type) {
        ObjectNode out = frame(type.startsWith("writable") ? "writableSignalError" : "signalError");
        out.put("subscribeId", frame.path("subscribeId").asLong());
        out.set("error", new SdkError("Unknown signal endpoint: " + frame.path("endpoint").asText(), null, null)
                .toJson(object()));
        send(out);
    }

    void forget(Channel channel) {
        channels.remove(channel.id(), channel);
    }

    /** The socket went away: cancel whatever its channels were doing. */
    void closed() {
        for (Channel c : channels.values()) c.cancel();
        channels.clear();
    }

    void warn(String warning, String kind) {
        send(frame("communicationWarning").put("warning", warning).put("kind", kind));
    }

    ObjectNode frame(String type) {
        return object().put("type", type);
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    synchronized void send(JsonNode node) {
        try {
            sender.accept(mapper.writeValueAsString(node));
        } catch (JsonProcessingException | RuntimeException e) {
            // the peer is gone; nothing to tell anyone
        }
    }
}
