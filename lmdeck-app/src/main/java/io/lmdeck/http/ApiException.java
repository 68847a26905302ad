package io.lmdeck.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A request lmdeck refuses, answered as {@code {"error":{"code","message"}}} with {@code status}.
 * {@code retryAfter}, when set, becomes the {@code Retry-After} header (whole seconds, at least 1).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Duration retryAfter;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code);
        this.retryAfter = retryAfter;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
