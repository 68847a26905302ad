package io.lmdeck.lifecycle;

import java.util.Objects;
import java.util.Set;

/**
 * What lmdeck itself did before it was restarted (or killed), so the instances it loaded stay its own: read once,
 * off the owner thread, when lmdeck rebuilds its state from LM Studio. Backed by the activity log's
 * {@code model_loading_complete}, {@code model_unloaded}, {@code model_*_externally} and
 * {@code active_model_changed} events.
 */
public interface OwnershipHistory {

    /**
     * Of {@code instanceIds} (the instances LM Studio lists now), those whose most recent record is lmdeck's own
     * completed load (no later unload or foreign load of that instance id), and the chat model lmdeck last made active.
     */
    Recalled recall(Set<String> instanceIds);

    /** Remembers nothing: every instance found at start is another program's. */
    static OwnershipHistory none() {
        return instanceIds -> Recalled.NOTHING;
    }

    /**
     * {@code loadedByLmdeck}: a subset of the asked instance ids; {@code activeModelId} and {@code activeInstanceId}:
     * the last {@code active_model_changed}, null when unknown or when lmdeck last had no active model.
     */
    record Recalled(Set<String> loadedByLmdeck, String activeModelId, String activeInstanceId) {
        public static final Recalled NOTHING = new Recalled(Set.of(), null, null);

        public Recalled {
            loadedByLmdeck = Set.copyOf(Objects.requireNonNull(loadedByLmdeck, "loadedByLmdeck"));
        }
    }
}
