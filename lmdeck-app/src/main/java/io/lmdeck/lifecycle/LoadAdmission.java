package io.lmdeck.lifecycle;

import java.time.Duration;
import java.util.UUID;

/** Checks made before a load: is the request valid, does it fit in memory. */
final class LoadAdmission {
    private LoadAdmission() {
    }

    static LifecycleException refusal(LoadRequest request, LifecycleState state, LifecycleSettings settings) {
        if (!state.online) {
            return new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE, "LM Studio is offline ("
                    + settings.baseUrl() + ")", Duration.ofSeconds(5));
        }
        LmStudioPort.Model model = state.catalogue.get(request.modelId());
        if (model == null) {
            return new LifecycleException(ErrorCode.MODEL_NOT_FOUND,
                    "LM Studio has no downloaded model \"" + request.modelId() + "\"");
        }
        Integer context = request.contextLength();
        if (context != null && (context < 1
                || (model.maxContextLength() != null && context > model.maxContextLength()))) {
            return new LifecycleException(ErrorCode.INVALID_REQUEST, "context_length must be between 1 and "
                    + (model.maxContextLength() == null ? "the model's maximum" : model.maxContextLength()));
        }
        if (request.ttlSeconds() != null && request.ttlSeconds() < 1) {
            return new LifecycleException(ErrorCode.INVALID_REQUEST, "ttl_seconds must be at least 1");
        }
        return null;
    }

    /** Fits when {@link #availableBytes} has that much; unknown memory always fits. */
    static boolean fits(long bytes, LifecycleState state, LifecycleSettings settings) {
        Long available = availableBytes(state, settings);
        return available == null || bytes <= available;
    }

    /**
     * The one memory model behind both the swap decision and the free figure users see: what the host reports free,
     * capped by what a budget (configured, or a memory of known size whose free part cannot be read, such as the
     * simulator's) leaves after the loaded instances ({@link LifecycleState#loadedBytes}). Null when unknown.
     */
    static Long availableBytes(LifecycleState state, LifecycleSettings settings) {
        Long available = state.host.availableBytes();
        Long budget = settings.memoryBudgetBytes();
        if (budget == null && available == null) {
            budget = state.host.totalBytes();
        }
        if (budget != null) {
            long left = Math.max(0, budget - state.loadedBytes());
            available = available == null ? left : Math.min(available, left);
        }
        return available;
    }

    static LifecycleException operationNotFound(String operationId) {
        return new LifecycleException(ErrorCode.OPERATION_NOT_FOUND, "No load operation \"" + operationId + "\"");
    }

    static String newOperationId() {
        return "op_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
