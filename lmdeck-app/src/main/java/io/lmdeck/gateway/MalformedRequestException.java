package io.lmdeck.gateway;

/** A gateway request body that cannot be forwarded (not JSON, not an object, no usable {@code model}); answered 400. */
public final class MalformedRequestException extends RuntimeException {
    public MalformedRequestException(String message) {
        super(message, null, false, false);
    }
}
