package io.lmdeck.lmstudio.client.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.ModelLoadFailedException;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interprets the {@code loadModel} channel: {@code resolved} → {@code progress}* → {@code success} → close, or
 * {@code channelError}. A close before success is a failure (as the Python SDK treats it).
 */
final class LoadChannel implements ChannelHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LoadChannel.class);

    private final String modelKey;
    private final LoadEvents events;
    private boolean finished;

    LoadChannel(String modelKey, LoadEvents events) {
        this.modelKey = modelKey;
        this.events = events;
    }

    @Override
    public synchronized void onMessage(JsonNode message) {
        if (finished) {
            return;
        }
        String type = message.path("type").asText("");
        switch (type) {
            case "resolved":
                events.resolved(SdkModelParser.model(message.path("info")));
                break;
            case "progress":
                if (message.path("progress").isNumber()) {
                    events.progress(message.path("progress").doubleValue());
                }
                break;
            case "success":
                finished = true;
                try {
                    events.success(SdkModelParser.instance(message.path("info")));
                } catch (LmStudioException e) {
                    events.failed(e);
                }
                break;
            default:
                LOG.debug("loadModel {}: ignored message type '{}'", modelKey, type);
        }
    }

    @Override
    public synchronized void onError(JsonNode error) {
        if (!finished) {
            finished = true;
            events.failed(UpstreamErrors.fromSdk(error, "loadModel", Subject.load(modelKey)));
        }
    }

    @Override
    public synchronized void onClose() {
        if (!finished) {
            finished = true;
            events.failed(new ModelLoadFailedException(modelKey, "LM Studio closed the load channel without loading the model", 0, null));
        }
    }

    @Override
    public synchronized void onDisconnect(LmStudioException reason) {
        if (!finished) {
            finished = true;
            events.failed(reason);
        }
    }
}
