package io.lmdeck.lmstudio.sim.rest;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A hand-written, flushed-per-frame text/event-stream answer (OpenAI streaming and {@code /api/v1/chat}), which
 * unlike Javalin's SSE plugin does not need the client to send {@code Accept: text/event-stream}.
 */
final class SseResponse {
    private final OutputStream out;
    private boolean broken;

    SseResponse(Context ctx) {
        ctx.attribute(Responses.ANSWERED, Boolean.TRUE);
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("Connection", "keep-alive");
        try {
            out = res.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void data(String payload) {
        write("data: " + payload + "\n\n");
    }

    synchronized void event(String type, String payload) {
        write("event: " + type + "\ndata: " + payload + "\n\n");
    }

    /** True once the client went away; generation can stop. */
    synchronized boolean broken() {
        return broken;
    }

    private void write(String frame) {
        if (broken) return;
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }
}
