package io.lmdeck.http;

import io.lmdeck.lifecycle.ErrorCode;
import io.lmdeck.lifecycle.LifecycleException;
import java.time.Duration;

/** How lifecycle refusals become HTTP answers: one table, so every endpoint agrees. */
public final class ErrorMapping {
    /** Retry-After for "LM Studio is offline" when the lifecycle gives no better hint. */
    static final Duration OFFLINE_RETRY = Duration.ofSeconds(5);

    private ErrorMapping() {
    }

    public static ApiException toApi(LifecycleException e) {
        ErrorCode code = e.code();
        Duration retry = e.retryAfter();
        switch (code) {
            case INVALID_REQUEST:
                return new ApiException(400, code.wire(), e.getMessage());
            case MODEL_NOT_FOUND:
            case INSTANCE_NOT_FOUND:
            case OPERATION_NOT_FOUND:
                return new ApiException(404, code.wire(), e.getMessage());
            case CANCELLED:
                return new ApiException(409, code.wire(), e.getMessage());
            case BUSY:
                return new ApiException(429, code.wire(), e.getMessage(), retry == null ? Duration.ofSeconds(1) : retry);
            case LOAD_FAILED:
                return new ApiException(502, code.wire(), e.getMessage());
            case INSUFFICIENT_MEMORY:
                return new ApiException(507, code.wire(), e.getMessage());
            case STALLED:
                return new ApiException(504, code.wire(), e.getMessage());
            case LMSTUDIO_OFFLINE:
            case NO_ACTIVE_MODEL:
            case MODEL_UNAVAILABLE:
            case SHUTTING_DOWN:
            default:
                return new ApiException(503, code.wire(), e.getMessage(), retry == null ? OFFLINE_RETRY : retry);
        }
    }
}
