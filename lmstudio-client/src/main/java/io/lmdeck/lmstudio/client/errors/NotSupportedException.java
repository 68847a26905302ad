package io.lmdeck.lmstudio.client.errors;

/** The LM Studio server is too old for the operation, e.g. loading needs REST v1 (0.4.0+) or the SDK websocket. */
public final class NotSupportedException extends LmStudioException {

    public NotSupportedException(String message) {
        super(message, 0, null, null);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_SUPPORTED;
    }
}
