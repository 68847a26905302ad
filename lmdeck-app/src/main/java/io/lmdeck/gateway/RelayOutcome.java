package io.lmdeck.gateway;

/**
 * How a forwarded request ended, for the caller's bookkeeping (request events, metrics, leases).
 *
 * @param result how it ended
 * @param status the status the caller got (LM Studio's, or the gateway's own when LM Studio gave none)
 * @param bytes body bytes relayed to the caller
 * @param firstByteNanos from sending the request to LM Studio until the first body byte reached the caller, or
 *                       null when none did
 */
public record RelayOutcome(Result result, int status, long bytes, Long firstByteNanos) {
    public enum Result {
        /** LM Studio's whole reply reached the caller. */
        COMPLETED,
        /** The caller went away (or the relay was cancelled); the request to LM Studio was aborted. */
        CLIENT_GONE,
        /** LM Studio broke off mid-reply; a streamed caller got an error frame in its dialect. */
        UPSTREAM_BROKE,
        /** LM Studio could not be reached or closed before answering; the caller got an error in its dialect. */
        UPSTREAM_UNREACHABLE
    }
}
