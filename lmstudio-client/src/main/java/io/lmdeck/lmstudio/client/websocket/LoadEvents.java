package io.lmdeck.lmstudio.client.websocket;

import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelInfo;

/** What a {@code loadModel} channel reports, already interpreted. Exactly one of success/failed ends it. */
public interface LoadEvents {

    void resolved(ModelInfo model);

    /** Raw progress as sent (0..1); the caller decides what counts as an increase. */
    void progress(double fraction);

    void success(LoadedInstance instance);

    void failed(LmStudioException error);
}
