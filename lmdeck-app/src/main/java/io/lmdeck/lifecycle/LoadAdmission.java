package io.lmdeck.lifecycle;

import java.time.Duration;
import java.util.UUID;

/** Checks made before a load: is the request valid, does it fit in memory. */
final class LoadAdmission {
    private LoadAdmission() {
    }

    static LifecycleException refusal(LoadRequest request, Draft d) {
        if (!d.online) {
            return new LifecycleException(ErrorCode.LMSTUDIO_OFFLINE, "LM Studio is offline ("
                    + d.settings.baseUrl() + ")", Duration.ofSeconds(5));
        }
        LmStudioPort.Model model = d.catalogue.read().get(request.modelId());
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

    /** Fits when the one memory model ({@link CoreState#availableBytes}) has that much; unknown memory always fits. */
    static boolean fits(long bytes, Draft d) {
        Long available = d.availableBytes();
        return available == null || bytes <= available;
    }

    static LifecycleException operationNotFound(String operationId) {
        return new LifecycleException(ErrorCode.OPERATION_NOT_FOUND, "No load operation \"" + operationId + "\"");
    }

    static String newOperationId() {
        return "op_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
