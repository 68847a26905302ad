package io.lmdeck.lifecycle;

/** I/O the machine asks the owner's shell to start; each result comes back as a {@link Command}. */
sealed interface Effect {

    /**
     * Read LM Studio's state (reconciliation). {@code epoch}: lmdeck's mutation count when it was asked (see
     * {@link LifecycleState#mutations}), so an answer that left before lmdeck's own load or unload landed is discarded
     * instead of being mistaken for someone else's doing. {@code recall}: before lmdeck's state is first rebuilt,
     * also ask the {@link OwnershipHistory} which of the listed instances lmdeck itself loaded.
     */
    record Observe(long epoch, boolean recall) implements Effect {
    }

    /**
     * Look up load history, LM Studio's memory estimate and host memory before a load. {@code awaitEstimate}: the
     * estimate decides something (whether older models must be unloaded first), so the load waits for it;
     * otherwise it starts without and the estimate follows as {@link Command.Estimated}, for the memory figures.
     */
    record Prepare(String operationId, String modelId, Integer contextLength, boolean awaitEstimate) implements Effect {
    }

    record StartLoad(String operationId, LmStudioPort.LoadSpec spec) implements Effect {
    }

    record CancelLoad(String operationId) implements Effect {
    }

    record Unload(String instanceId) implements Effect {
    }
}
