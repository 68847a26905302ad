package io.lmdeck.chat;

/** The upstream chat failed; {@code offline} when LM Studio could not be reached at all. */
public class ChatUpstreamException extends RuntimeException {
    private final boolean offline;

    public ChatUpstreamException(String message, boolean offline, Throwable cause) {
        super(message, cause);
        this.offline = offline;
    }

    public boolean offline() {
        return offline;
    }
}
