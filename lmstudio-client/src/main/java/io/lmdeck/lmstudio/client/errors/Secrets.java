package io.lmdeck.lmstudio.client.errors;

import java.util.regex.Pattern;

/** Keeps LM Studio API tokens out of anything the client writes (messages, logs). */
public final class Secrets {
    // The SDK's token shape is sk-lm-<8>:<20>; we also catch any Bearer value echoed back by a server.
    private static final Pattern TOKEN = Pattern.compile("sk-lm-[A-Za-z0-9]+(:[A-Za-z0-9]+)?");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");

    private Secrets() {
    }

    /** The text with anything that looks like a token replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        return BEARER.matcher(TOKEN.matcher(text).replaceAll("***")).replaceAll("$1***");
    }

    /** The text with the given secret (and token-shaped strings) replaced by {@code ***}. */
    public static String redact(String text, String secret) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (secret != null && !secret.isEmpty()) {
            out = out.replace(secret, "***");
        }
        return redact(out);
    }
}
