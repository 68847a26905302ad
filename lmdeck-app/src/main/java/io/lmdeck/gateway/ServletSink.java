package io.lmdeck.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** {@link ClientSink} over a servlet response: status and headers once, then every chunk written and flushed. */
public final class ServletSink implements ClientSink {
    private final HttpServletResponse response;
    private OutputStream out;

    public ServletSink(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public void begin(int status, Map<String, String> headers) throws IOException {
        response.setStatus(status);
        headers.forEach(response::setHeader);
        out = response.getOutputStream();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }
}
