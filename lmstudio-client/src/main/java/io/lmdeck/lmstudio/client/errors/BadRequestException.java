package io.lmdeck.lmstudio.client.errors;

/** LM Studio rejected the request as invalid (e.g. HTTP 400 "Unrecognized key(s)", an identifier already in use). */
public final class BadRequestException extends LmStudioException {

    public BadRequestException(String message, int httpStatus, String upstreamCode) {
        super(message, httpStatus, upstreamCode, null);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.BAD_REQUEST;
    }
}
