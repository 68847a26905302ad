package io.lmdeck.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caller's side of a relay: a {@link ServletSink}, except when the SSE headers already went out while the
 * request waited (then LM Studio's status and headers cannot be sent any more: a refusal is held back and becomes an
 * error frame). Keeps the reply's last bytes to read the output token count, which ends every reply that has one.
 */
final class ReplySink implements ClientSink {
    private static final int TAIL = 8 * 1024;
    private static final Pattern OUTPUT_TOKENS = Pattern.compile("\"(?:completion_tokens|output_tokens)\"\\s*:\\s*(\\d+)");

    private final HttpServletResponse res;
    private final ServletSink servlet;
    private final boolean preludeSent;
    private Integer refusedStatus;
    private byte[] previous = new byte[0];
    private byte[] last = new byte[0];

    ReplySink(HttpServletResponse res, boolean preludeSent) {
        this.res = res;
        this.servlet = new ServletSink(res);
        this.preludeSent = preludeSent;
    }

    @Override
    public void begin(int status, Map<String, String> headers) throws IOException {
        if (!preludeSent) {
            servlet.begin(status, headers);
        } else if (status >= 300) {
            refusedStatus = status;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        previous = last;
        last = Arrays.copyOfRange(bytes, Math.max(offset, offset + length - TAIL), offset + length);
        if (refusedStatus != null) return;
        if (preludeSent) {
            OutputStream out = res.getOutputStream();
            out.write(bytes, offset, length);
            out.flush();
        } else {
            servlet.write(bytes, offset, length);
        }
    }

    /** LM Studio's status when it refused a request whose SSE headers were already sent, else null. */
    Integer refusedStatus() {
        return refusedStatus;
    }

    /** The end of the reply as text, for an error frame. */
    String tail() {
        String s = new String(last, StandardCharsets.UTF_8).strip();
        return s.length() > 500 ? s.substring(0, 500) : s;
    }

    /** The reply's output token count (OpenAI's {@code completion_tokens}, Anthropic's {@code output_tokens}), or null. */
    Integer outputTokens() {
        Matcher m = OUTPUT_TOKENS.matcher(new String(previous, StandardCharsets.ISO_8859_1)
                + new String(last, StandardCharsets.ISO_8859_1));
        Integer n = null;
        while (m.find()) n = Integer.valueOf(m.group(1));
        return n;
    }
}
