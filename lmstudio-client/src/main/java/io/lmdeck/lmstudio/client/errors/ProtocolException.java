package io.lmdeck.lmstudio.client.errors;

/** LM Studio answered something this client cannot interpret (malformed JSON, unexpected status, missing fields). */
public final class ProtocolException extends LmStudioException {

    public ProtocolException(String message, int httpStatus, Throwable cause) {
        super(message, httpStatus, null, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PROTOCOL_ERROR;
    }
}
