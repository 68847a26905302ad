package io.lmdeck.lmstudio.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw SDK-protocol websocket for tests: send frames, take received frames in order. */
final class SdkSocket implements AutoCloseable {
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    SdkSocket(String wsBaseUrl, String namespace) {
        StringBuilder partial = new StringBuilder();
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(wsBaseUrl + "/" + namespace), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                received.add(SimHttp.JSON.readTree(partial.toString()));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
    }

    /** Opens and completes the guest handshake. */
    static SdkSocket open(String wsBaseUrl, String namespace) {
        SdkSocket s = new SdkSocket(wsBaseUrl, namespace);
        s.send("{\"authVersion\":1,\"clientIdentifier\":\"guest:test\",\"clientPasskey\":\"secret\"}");
        JsonNode answer = s.next();
        if (!answer.path("success").asBoolean()) throw new IllegalStateException("handshake failed: " + answer);
        return s;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    JsonNode next() {
        try {
            JsonNode n = received.poll(20, TimeUnit.SECONDS);
            if (n == null) throw new AssertionError("no frame received within 20 s");
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends an rpcCall and returns the matching rpcResult/rpcError frame. */
    JsonNode call(long callId, String endpoint, String parameterJson) {
        send("{\"type\":\"rpcCall\",\"endpoint\":\"" + endpoint + "\",\"callId\":" + callId
                + (parameterJson == null ? "" : ",\"parameter\":" + parameterJson) + "}");
        while (true) {
            JsonNode n = next();
            if (n.path("callId").asLong(-1) == callId && n.path("type").asText().startsWith("rpc")) return n;
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(t -> null);
    }
}
