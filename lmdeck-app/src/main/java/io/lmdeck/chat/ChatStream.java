package io.lmdeck.chat;

import io.lmdeck.http.SseFrames;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The SSE reply of one chat, started lazily: until the first frame the request can still be answered with a
 * plain JSON error (503 + Retry-After). Writes come from the lifecycle's and the upstream's threads, so they
 * are serialized here; the first failed write marks the client gone.
 */
final class ChatStream {
    private final HttpServletResponse response;
    private final SseFrames frames;
    private ServletOutputStream out;
    private volatile boolean clientGone;

    ChatStream(HttpServletResponse response, SseFrames frames) {
        this.response = response;
        this.frames = frames;
    }

    synchronized boolean started() {
        return out != null;
    }

    boolean clientGone() {
        return clientGone;
    }

    /** Sends one frame; false when the client is gone. */
    synchronized boolean send(String event, Object data) {
        if (clientGone) {
            return false;
        }
        try {
            if (out == null) {
                response.setStatus(200);
                response.setContentType("text/event-stream;charset=utf-8");
                response.setHeader("Cache-Control", "no-cache");
                response.setHeader("X-Accel-Buffering", "no");
                out = response.getOutputStream();
            }
            out.write(frames.frame(event, data));
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            clientGone = true;
            return false;
        }
    }
}
