package io.lmdeck.lmstudio.client.errors;

import java.util.Optional;

/**
 * Every failure the client reports. Unchecked, sealed, one subclass per {@link ErrorKind}.
 * No {@link java.io.IOException} ever leaks out of the client: network failures become {@link OfflineException}.
 * Messages never contain the API token.
 */
public abstract sealed class LmStudioException extends RuntimeException
        permits ModelNotFoundException, InstanceNotFoundException, InvalidApiKeyException,
        InsufficientMemoryException, ModelLoadFailedException, StalledException, CancelledException,
        OfflineException, BadRequestException, NotSupportedException, ProtocolException {

    private final int httpStatus;
    private final String upstreamCode;

    protected LmStudioException(String message, int httpStatus, String upstreamCode, Throwable cause) {
        super(Secrets.redact(message), cause);
        this.httpStatus = httpStatus;
        this.upstreamCode = upstreamCode;
    }

    /** The kind of failure, for callers that branch on it. */
    public abstract ErrorKind kind();

    /** The HTTP status LM Studio answered with, when the failure came from an HTTP response. */
    public Optional<Integer> httpStatus() {
        return httpStatus > 0 ? Optional.of(httpStatus) : Optional.empty();
    }

    /** LM Studio's own error type or code (e.g. {@code model_not_found}, {@code unrecognized_keys}), when it sent one. */
    public Optional<String> upstreamCode() {
        return Optional.ofNullable(upstreamCode);
    }
}
