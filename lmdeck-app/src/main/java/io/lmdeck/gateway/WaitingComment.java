package io.lmdeck.gateway;

import java.nio.charset.StandardCharsets;

/**
 * The SSE comment a streamed request gets while it waits for its model (contract §6), e.g.
 * {@code : lmdeck: loading qwen/qwen3-8b 42%}. Every SSE parser ignores comment lines, so clients see nothing but
 * a connection that stays alive.
 */
public final class WaitingComment {
    private WaitingComment() {}

    /** {@code progress} 0..1, or null while LM Studio reports none yet. */
    public static byte[] loading(String model, Double progress) {
        String line = ": lmdeck: loading " + oneLine(model)
                + (progress == null ? "" : " " + Math.round(Math.max(0, Math.min(1, progress)) * 100) + "%");
        return (line + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** While the request waits for a free slot of its (loaded) model, behind others. */
    public static byte[] waiting(String model) {
        return (": lmdeck: waiting for " + oneLine(model) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A line break in a model name would end the comment and start a field. */
    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
