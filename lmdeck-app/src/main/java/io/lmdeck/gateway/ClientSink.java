package io.lmdeck.gateway;

import java.io.IOException;
import java.util.Map;

/** Where a relayed reply goes: the caller's HTTP response. An {@link IOException} from it means the caller is gone. */
public interface ClientSink {
    /** Sends the status and headers, once, before any body byte. */
    void begin(int status, Map<String, String> headers) throws IOException;

    /** Writes these bytes and flushes them to the caller at once. */
    void write(byte[] bytes, int offset, int length) throws IOException;
}
