package io.lmdeck.lmstudio.client.errors;

/** The caller cancelled the operation (a load or a streamed chat). */
public final class CancelledException extends LmStudioException {

    public CancelledException(String message) {
        super(message, 0, null, null);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CANCELLED;
    }
}
