package io.lmdeck.lifecycle;

import java.util.Objects;

/** A failed call to LM Studio, classified so the lifecycle can tell users what happened. */
public class LmStudioPortException extends RuntimeException {

    public enum Reason {
        /** LM Studio is not reachable (connection refused, timeout, socket closed). */
        OFFLINE,
        /** Unknown model key or instance id. */
        NOT_FOUND,
        /** LM Studio refused the load for lack of memory (guardrail) or ran out of memory while loading. */
        INSUFFICIENT_MEMORY,
        /** The load stopped because it was cancelled. */
        CANCELLED,
        /** Any other failure of a load or unload. */
        FAILED
    }

    private final Reason reason;
    private final Long requiredBytes;

    public LmStudioPortException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public LmStudioPortException(Reason reason, String message, Long requiredBytes, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
        this.requiredBytes = requiredBytes;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@code INSUFFICIENT_MEMORY}: what LM Studio said the load needs, or null. */
    public Long requiredBytes() {
        return requiredBytes;
    }
}
