package io.lmdeck.gateway;

import java.util.Arrays;

/**
 * Cuts a relayed event stream at frame boundaries (a blank line), so the caller only ever gets whole SSE frames:
 * if LM Studio dies mid-frame, the half frame is dropped and the error frame that follows parses cleanly. LM Studio
 * flushes whole frames, so in practice every chunk passes straight through and nothing is held back.
 */
final class SseFrameCutter {
    /** A run of bytes that ends on a frame boundary. */
    record Slice(byte[] bytes, int offset, int length) {}

    private static final byte[] EMPTY = new byte[0];
    private static final Slice NONE = new Slice(EMPTY, 0, 0);
    private byte[] held = EMPTY;

    /** Takes the next chunk; returns every complete frame so far (maybe none) and keeps the rest. */
    Slice next(byte[] chunk, int offset, int length) {
        byte[] bytes = chunk;
        int from = offset;
        int to = offset + length;
        if (held.length > 0) {
            bytes = Arrays.copyOf(held, held.length + length);
            System.arraycopy(chunk, offset, bytes, held.length, length);
            from = 0;
            to = bytes.length;
        }
        int end = lastBoundary(bytes, from, to);
        held = end == to ? EMPTY : Arrays.copyOfRange(bytes, Math.max(end, from), to);
        return end <= from ? NONE : new Slice(bytes, from, end - from);
    }

    /** True when bytes of an unfinished frame are held back. */
    boolean holdsPartialFrame() {
        return held.length > 0;
    }

    /** The index just after the last blank line ({@code \n\n}, {@code \r\n\r\n} or {@code \r\r}), or -1. */
    private static int lastBoundary(byte[] b, int from, int to) {
        for (int i = to - 1; i > from; i--) {
            if (b[i] == '\n' && b[i - 1] == '\n') return i + 1;
            if (b[i] == '\r' && b[i - 1] == '\r') return i + 1;
            if (b[i] == '\n' && b[i - 1] == '\r' && i - 3 >= from && b[i - 2] == '\n' && b[i - 3] == '\r') return i + 1;
        }
        return -1;
    }
}
