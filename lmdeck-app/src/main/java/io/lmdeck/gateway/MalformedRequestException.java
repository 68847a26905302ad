package io.lmdeck.gateway;

/** A gateway request body that cannot be forwarded (not JSON, not an object, no usable {@code model}); answered 400. */
public final class MalformedRequestException extends RuntimeException {
    private final String param;

    /** @param param the offending top-level field ({@code "model"}), or null when the body as a whole is at fault */
    public MalformedRequestException(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
