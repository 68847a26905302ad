package io.lmdeck.lmstudio.sim.rest;

/**
 * An error answer in LM Studio's REST envelope {@code {"error":{"type","message","code"?,"param"?}}}.
 * Thrown by handlers; the server turns it into the response.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;

    public ApiError(int status, String type, String message, String code, String param) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request", message, null, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
