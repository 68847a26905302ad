package io.lmdeck.lmstudio.client.model;

/**
 * One loaded instance of a model. Fields LM Studio did not report are null.
 *
 * @param instanceId        the id used to unload it and to chat with it ({@code key}, {@code key:2}, or a custom identifier)
 * @param modelKey          the model it is an instance of
 * @param type              LLM or embedding
 * @param contextLength     loaded context length in tokens
 * @param parallel          maximum parallel predictions
 * @param evalBatchSize     evaluation batch size
 * @param flashAttention    whether flash attention is on
 * @param ttlMs             idle TTL in ms (websocket only), null when none
 * @param lastUsedTime      epoch ms of the last use (websocket only)
 * @param sizeBytes         model size on disk
 * @param instanceReference LM Studio's opaque instance reference (websocket only)
 */
public record LoadedInstance(String instanceId, String modelKey, ModelDomain type, Integer contextLength, Integer parallel,
                             Integer evalBatchSize, Boolean flashAttention, Long ttlMs, Long lastUsedTime, Long sizeBytes,
                             String instanceReference) {

    /** An instance known only by id and key. */
    public static LoadedInstance minimal(String instanceId, String modelKey, ModelDomain type) {
        return new LoadedInstance(instanceId, modelKey, type, null, null, null, null, null, null, null, null);
    }

    /** This instance with fields missing here taken from {@code other} (same instance seen by another API). */
    public LoadedInstance fillFrom(LoadedInstance other) {
        return new LoadedInstance(instanceId, modelKey != null ? modelKey : other.modelKey, type != null ? type : other.type,
                or(contextLength, other.contextLength), or(parallel, other.parallel), or(evalBatchSize, other.evalBatchSize),
                or(flashAttention, other.flashAttention), or(ttlMs, other.ttlMs), or(lastUsedTime, other.lastUsedTime),
                or(sizeBytes, other.sizeBytes), or(instanceReference, other.instanceReference));
    }

    private static <T> T or(T mine, T theirs) {
        return mine != null ? mine : theirs;
    }
}
