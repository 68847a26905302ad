package io.lmdeck.lmstudio.client.websocket;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The websocket handshake identity, built as the official SDK builds it: a random {@code guest:} identity without a
 * token, or the API token {@code sk-lm-AAAAAAAA:BBBB…} split into identifier (the 8-char part) and passkey
 * (the 20-char part). {@code toString} never shows the passkey.
 */
public record SdkIdentity(String clientIdentifier, String clientPasskey) {
    private static final Pattern TOKEN = Pattern.compile("^sk-lm-([A-Za-z0-9]+):([A-Za-z0-9]+)$");

    /** The identity for the given token, or a fresh guest identity when the token is null. */
    public static SdkIdentity forToken(String apiToken) {
        if (apiToken == null) {
            return guest();
        }
        Matcher m = TOKEN.matcher(apiToken);
        if (m.matches()) {
            return new SdkIdentity(m.group(1), m.group(2));
        }
        // Not in the documented shape: let LM Studio judge it rather than guess a split.
        int colon = apiToken.indexOf(':');
        return colon > 0 ? new SdkIdentity(apiToken.substring(0, colon), apiToken.substring(colon + 1))
                : new SdkIdentity(apiToken, apiToken);
    }

    /** A random guest identity (a resource-scoping id, not a secret). */
    public static SdkIdentity guest() {
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[12];
        byte[] key = new byte[24];
        random.nextBytes(id);
        random.nextBytes(key);
        return new SdkIdentity("guest:" + HexFormat.of().formatHex(id), HexFormat.of().formatHex(key));
    }

    @Override
    public String toString() {
        return "SdkIdentity[" + (clientIdentifier.startsWith("guest:") ? clientIdentifier : "token") + "]";
    }
}
