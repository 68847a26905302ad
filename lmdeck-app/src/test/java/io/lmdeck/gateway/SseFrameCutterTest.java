package io.lmdeck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFrameCutterTest {
    private final SseFrameCutter cutter = new SseFrameCutter();

    private String next(String chunk) {
        byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
        SseFrameCutter.Slice s = cutter.next(b, 0, b.length);
        return new String(s.bytes(), s.offset(), s.length(), StandardCharsets.UTF_8);
    }

    @Test
    void wholeFramesPassStraightThrough() {
        assertThat(next("data: 1\n\ndata: 2\n\n")).isEqualTo("data: 1\n\ndata: 2\n\n");
        assertThat(cutter.holdsPartialFrame()).isFalse();
    }

    @Test
    void aFrameSplitAcrossChunksIsHeldUntilItsEnd() {
        assertThat(next("data: 1\n\ndata: {\"a\"")).isEqualTo("data: 1\n\n");
        assertThat(cutter.holdsPartialFrame()).isTrue();
        assertThat(next(":1}\n")).isEmpty();
        assertThat(next("\nevent: x\n")).isEqualTo("data: {\"a\":1}\n\n");
        assertThat(next("data: y\n\n")).isEqualTo("event: x\ndata: y\n\n");
        assertThat(cutter.holdsPartialFrame()).isFalse();
    }

    @Test
    void crlfFramesToo() {
        assertThat(next("data: 1\r\n\r\ndata: 2\r\n")).isEqualTo("data: 1\r\n\r\n");
        assertThat(next("\r\n")).isEqualTo("data: 2\r\n\r\n");
    }
}
