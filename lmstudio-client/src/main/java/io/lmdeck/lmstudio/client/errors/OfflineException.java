package io.lmdeck.lmstudio.client.errors;

/** LM Studio cannot be reached: connection refused or timed out, or the connection dropped mid-operation. */
public final class OfflineException extends LmStudioException {

    public OfflineException(String message, Throwable cause) {
        super(message, 0, null, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.OFFLINE;
    }
}
