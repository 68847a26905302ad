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

    /** Fits when the host (or the configured budget) has that much free; unknown memory always fits. */
    static boolean fits(long bytes, LifecycleState state, LifecycleSettings settings) {
        Long available = state.host.availableBytes();
        Long budget = settings.memoryBudgetBytes();
        if (budget != null) {
            long left = budget - state.loadedBytes();
            available = available == null ? left : Math.min(available, left);
        }
        return available == null || bytes <= available;
    }

    static LifecycleException operationNotFound(String operationId) {
        return new LifecycleException(ErrorCode.OPERATION_NOT_FOUND, "No load operation \"" + operationId + "\"");
    }

    static String newOperationId() {
        return "op_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
