package io.lmdeck.lmstudio.client.errors;

import java.util.Optional;

/** LM Studio's guardrail refused the load: not enough memory under the current settings. Carries LM Studio's estimate. */
public final class InsufficientMemoryException extends LmStudioException {
    private final String estimateText;
    private final Long estimatedBytes;

    public InsufficientMemoryException(String message, String estimateText, Long estimatedBytes, int httpStatus, String upstreamCode) {
        super(message, httpStatus, upstreamCode, null);
        this.estimateText = estimateText;
        this.estimatedBytes = estimatedBytes;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INSUFFICIENT_MEMORY;
    }

    /** LM Studio's own estimate text, e.g. {@code "approximately 18.2 GB"}, when it gave one. */
    public Optional<String> estimateText() {
        return Optional.ofNullable(estimateText);
    }

    /** The memory LM Studio estimated the load needs, in bytes, when it could be read from the message. */
    public Optional<Long> estimatedBytes() {
        return Optional.ofNullable(estimatedBytes);
    }
}
