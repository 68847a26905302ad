package io.lmdeck.lmstudio.client.errors;

/** LM Studio requires an API token and the one given (if any) was refused. The token itself is never in the message. */
public final class InvalidApiKeyException extends LmStudioException {

    public InvalidApiKeyException(String message, int httpStatus) {
        super(message, httpStatus, "invalid_api_key", null);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID_API_KEY;
    }
}
