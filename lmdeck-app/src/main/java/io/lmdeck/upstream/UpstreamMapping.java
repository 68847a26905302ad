package io.lmdeck.upstream;

import io.lmdeck.lifecycle.LmStudioPort;
import io.lmdeck.lifecycle.LmStudioPortException.Reason;
import io.lmdeck.lifecycle.LmStudioPortException;
import io.lmdeck.lifecycle.ModelType;
import io.lmdeck.lmstudio.client.errors.ErrorKind;
import io.lmdeck.lmstudio.client.errors.InsufficientMemoryException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Translates lmstudio-client's models and errors into the lifecycle port's. */
final class UpstreamMapping {
    private UpstreamMapping() {
    }

    static LmStudioPort.Model model(ModelInfo info) {
        return new LmStudioPort.Model(
                info.key(),
                info.displayName(),
                info.type() == ModelDomain.EMBEDDING ? ModelType.EMBEDDING : ModelType.LLM,
                info.publisher(),
                info.architecture(),
                info.quantization() == null ? null : info.quantization().name(),
                info.paramsString(),
                info.sizeBytes() == null ? 0 : info.sizeBytes(),
                info.maxContextLength(),
                info.format(),
                info.vision(),
                info.trainedForToolUse(),
                info.loadedInstances().stream().map(instance -> instance(instance, info.key())).toList());
    }

    /** The client's domain for the lifecycle's model type; null (unknown) stays null: the client looks it up. */
    static ModelDomain domain(ModelType type) {
        if (type == null) {
            return null;
        }
        return type == ModelType.EMBEDDING ? ModelDomain.EMBEDDING : ModelDomain.LLM;
    }

    static LmStudioPort.Instance instance(LoadedInstance instance, String modelKey) {
        return new LmStudioPort.Instance(
                instance.instanceId(),
                instance.modelKey() != null ? instance.modelKey() : modelKey,
                instance.contextLength(),
                instance.ttlMs(),
                instance.lastUsedTime() == null ? null : Instant.ofEpochMilli(instance.lastUsedTime()));
    }

    /** The port's exception for any failure of the client (already translated ones pass through). */
    static LmStudioPortException failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof LmStudioPortException port) {
            return port;
        }
        if (!(cause instanceof LmStudioException upstream)) {
            return new LmStudioPortException(Reason.FAILED, "unexpected error talking to LM Studio", null, cause);
        }
        Long requiredBytes = upstream instanceof InsufficientMemoryException memory
                ? memory.estimatedBytes().orElse(null) : null;
        return new LmStudioPortException(reason(upstream.kind()), upstream.getMessage(), requiredBytes, upstream);
    }

    private static Reason reason(ErrorKind kind) {
        switch (kind) {
            case MODEL_NOT_FOUND:
            case INSTANCE_NOT_FOUND:
                return Reason.NOT_FOUND;
            case INSUFFICIENT_MEMORY:
                return Reason.INSUFFICIENT_MEMORY;
            case CANCELLED:
                return Reason.CANCELLED;
            case OFFLINE:
            case INVALID_API_KEY:
                return Reason.OFFLINE;
            default:
                return Reason.FAILED;
        }
    }
}
