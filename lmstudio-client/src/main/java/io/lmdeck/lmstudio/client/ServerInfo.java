package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.ErrorKind;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * What {@link LmStudioClient#probe()} found out about the server. Never describes an exception: offline is a value.
 *
 * @param online        the server answered
 * @param baseUrl       the HTTP base URL probed
 * @param version       LM Studio's version (e.g. {@code 0.4.24}) when the websocket told it, else null
 * @param loadTransport how loads are done on this server
 * @param capabilities  what answered
 * @param problem       why the server is unusable (OFFLINE, INVALID_API_KEY, PROTOCOL_ERROR), or null when usable
 * @param detail        a human-readable explanation of {@code problem} (never contains the token), or null
 * @param checkedAt     when the probe ran
 */
public record ServerInfo(boolean online, URI baseUrl, String version, LoadTransport loadTransport,
                         Set<Capability> capabilities, ErrorKind problem, String detail, Instant checkedAt) {
    public ServerInfo {
        capabilities = Set.copyOf(capabilities);
    }

    /** True when the server answered and can at least list models. */
    public boolean usable() {
        return online && problem == null;
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** True when loads report real progress and can be cancelled upstream. */
    public boolean loadProgressSupported() {
        return loadTransport == LoadTransport.WEBSOCKET;
    }
}
