package io.lmdeck.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP API listens and protects itself. {@code token} null means no bearer token (only allowed
 * on a loopback bind). {@code allowedHosts} are Host names accepted besides loopback names and the bound
 * address. {@code heartbeat} is the SSE keep-alive comment interval (15 s in production, short in tests);
 * {@code sseClientBuffer} how many frames one SSE client may have queued before it is told to resync;
 * {@code chatMaxWait} how long a chat waits for a swap in progress; {@code gatewayWait} how long a gateway request
 * may wait to start ({@code --gateway-wait}) before it gets 503.
 */
public record HttpSettings(
        String bind,
        int port,
        String token,
        List<String> allowedHosts,
        Duration heartbeat,
        int sseClientBuffer,
        Duration chatMaxWait,
        Duration gatewayWait) {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_SSE_BUFFER = 1024;
    public static final Duration DEFAULT_CHAT_WAIT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_GATEWAY_WAIT = Duration.ofSeconds(300);

    public HttpSettings {
        Objects.requireNonNull(bind, "bind");
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        heartbeat = heartbeat == null ? DEFAULT_HEARTBEAT : heartbeat;
        chatMaxWait = chatMaxWait == null ? DEFAULT_CHAT_WAIT : chatMaxWait;
        gatewayWait = gatewayWait == null ? DEFAULT_GATEWAY_WAIT : gatewayWait;
        if (sseClientBuffer < 4) {
            throw new IllegalArgumentException("sseClientBuffer must be at least 4");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    /** Without a gateway wait: the default one. */
    public HttpSettings(String bind, int port, String token, List<String> allowedHosts, Duration heartbeat,
                        int sseClientBuffer, Duration chatMaxWait) {
        this(bind, port, token, allowedHosts, heartbeat, sseClientBuffer, chatMaxWait, null);
    }

    public static HttpSettings loopback(int port) {
        return new HttpSettings("127.0.0.1", port, null, List.of(), DEFAULT_HEARTBEAT, DEFAULT_SSE_BUFFER, DEFAULT_CHAT_WAIT);
    }

    public HttpSettings withToken(String newToken) {
        return new HttpSettings(bind, port, newToken, allowedHosts, heartbeat, sseClientBuffer, chatMaxWait, gatewayWait);
    }

    public HttpSettings withBind(String newBind) {
        return new HttpSettings(newBind, port, token, allowedHosts, heartbeat, sseClientBuffer, chatMaxWait, gatewayWait);
    }

    public HttpSettings withAllowedHosts(List<String> hosts) {
        return new HttpSettings(bind, port, token, hosts, heartbeat, sseClientBuffer, chatMaxWait, gatewayWait);
    }

    public HttpSettings withHeartbeat(Duration interval) {
        return new HttpSettings(bind, port, token, allowedHosts, interval, sseClientBuffer, chatMaxWait, gatewayWait);
    }

    public HttpSettings withSseClientBuffer(int frames) {
        return new HttpSettings(bind, port, token, allowedHosts, heartbeat, frames, chatMaxWait, gatewayWait);
    }

    public HttpSettings withChatMaxWait(Duration wait) {
        return new HttpSettings(bind, port, token, allowedHosts, heartbeat, sseClientBuffer, wait, gatewayWait);
    }

    public HttpSettings withGatewayWait(Duration wait) {
        return new HttpSettings(bind, port, token, allowedHosts, heartbeat, sseClientBuffer, chatMaxWait, wait);
    }

    @Override
    public String toString() {
        return "HttpSettings[bind=" + bind + ", port=" + port + ", token=" + (token == null ? "none" : "***")
                + ", allowedHosts=" + allowedHosts + "]";
    }
}
