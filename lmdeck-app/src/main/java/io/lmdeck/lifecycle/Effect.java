package io.lmdeck.lifecycle;

import java.util.List;

/** I/O the machine asks the owner's shell to start; each result comes back as a {@link Command}. */
sealed interface Effect {

    /**
     * Read LM Studio's state (reconciliation). {@code epoch}: lmdeck's mutation count when it was asked (see
     * {@link CoreState.Observing#mutations}), so an answer that left before lmdeck's own load or unload landed is discarded
     * instead of being mistaken for someone else's doing. {@code recall}: before lmdeck's state is first rebuilt,
     * also ask the {@link OwnershipHistory} which of the listed instances lmdeck itself loaded.
     */
    record Observe(long epoch, boolean recall) implements Effect {
    }

    /**
     * Look up load history, LM Studio's memory estimate and host memory for a load: before it starts when the
     * estimate decides whether older models are unloaded first, else while it runs (to refine ETA and memory).
     */
    record Prepare(String operationId, String modelId, ModelType type, Integer contextLength) implements Effect {
    }

    /** Look up the typical load duration of these models (default context), once LM Studio's catalogue is known. */
    record RecallHistory(List<String> modelIds) implements Effect {
    }

    record StartLoad(String operationId, LmStudioPort.LoadSpec spec) implements Effect {
    }

    record CancelLoad(String operationId) implements Effect {
    }

    record Unload(String instanceId) implements Effect {
    }

    /** Tell a running gateway request why its slot ended under it (drain timeout, instance gone): done by the shell. */
    record Revoke(long requestId, String reason) implements Effect {
    }
}
