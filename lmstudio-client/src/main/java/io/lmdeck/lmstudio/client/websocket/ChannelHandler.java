package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.errors.LmStudioException;

/** Receives what the server sends on one channel. Calls arrive on the connection's reader thread, in order. */
public interface ChannelHandler {

    /** A {@code channelSend} message from the server. */
    void onMessage(JsonNode message);

    /** {@code channelError}: the channel failed with LM Studio's error payload. */
    void onError(JsonNode error);

    /** {@code channelClose}: the server closed the channel. */
    void onClose();

    /** The connection dropped (or the client closed) while the channel was open. */
    void onDisconnect(LmStudioException reason);
}
