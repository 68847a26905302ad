package io.lmdeck.lmstudio.sim.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The server side of one SDK channel. Once closed or errored nothing more is sent. */
final class Channel {
    private final SdkConnection connection;
    private final long id;
    private volatile Runnable onCancel = () -> {};
    private boolean ended;

    Channel(SdkConnection connection, long id) {
        this.connection = connection;
        this.id = id;
    }

    long id() {
        return id;
    }

    void onCancel(Runnable action) {
        onCancel = action;
    }

    void cancel() {
        onCancel.run();
    }

    synchronized void send(ObjectNode message) {
        if (ended) return;
        ObjectNode frame = connection.frame("channelSend");
        frame.put("channelId", id);
        frame.set("message", message);
        connection.send(frame);
    }

    synchronized void close() {
        if (ended) return;
        ended = true;
        connection.forget(this);
        ObjectNode frame = connection.frame("channelClose");
        frame.put("channelId", id);
        connection.send(frame);
    }

    synchronized void error(SdkError error) {
        if (ended) return;
        ended = true;
        connection.forget(this);
        ObjectNode frame = connection.frame("channelError");
        frame.put("channelId", id);
        frame.set("error", error.toJson(connection.object()));
        connection.send(frame);
    }

    ObjectNode message(String type) {
        return connection.object().put("type", type);
    }
}
