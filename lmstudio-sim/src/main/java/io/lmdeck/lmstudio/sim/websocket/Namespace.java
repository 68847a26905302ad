package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.JsonNode;

/** One websocket namespace ({@code /llm}, {@code /embedding}, {@code /system}): its RPCs and channels. */
interface Namespace {
    /** Answers an RPC; null means a void result (the {@code result} field is omitted). */
    JsonNode call(String endpoint, JsonNode parameter);

    /** Opens a channel; failures may be reported on the channel or thrown as {@link SdkError}. */
    void open(String endpoint, JsonNode creationParameter, Channel channel);

    static SdkError unknownEndpoint(String kind, String endpoint) {
        return new SdkError("Unknown " + kind + " endpoint: " + endpoint, null, null);
    }
}
