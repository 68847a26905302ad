package io.lmdeck.lifecycle;

import java.time.Duration;
import java.util.Objects;

/** A refused or failed lifecycle command, with a message a person can act on. */
public class LifecycleException extends RuntimeException {
    private final ErrorCode code;
    private final Duration retryAfter;

    public LifecycleException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public LifecycleException(ErrorCode code, String message, Duration retryAfter) {
        super(message);
        this.code = Objects.requireNonNull(code);
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** A hint for HTTP {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
