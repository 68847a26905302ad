package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.databind.JsonNode;

/** An open channel on a websocket connection; the client side can send messages on it. */
public interface SdkChannel {

    /** The channel id this client chose. */
    int id();

    /** Sends a {@code channelSend} with the message (e.g. {@code {"type":"cancel"}}). Never throws; a dead connection drops it. */
    void send(JsonNode message);

    /** Forgets the channel locally (no more callbacks). */
    void forget();
}
