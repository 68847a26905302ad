package io.lmdeck.lifecycle;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What lmdeck itself did before it was restarted (or killed), so the instances it loaded stay its own: read once,
 * off the owner thread, when lmdeck rebuilds its state from LM Studio. Backed by the activity log's
 * {@code model_loading_*}, {@code model_unloaded}, {@code model_*_externally} and {@code active_model_changed}
 * events.
 */
public interface OwnershipHistory {

    /**
     * Of the instances LM Studio lists now ({@code modelIdByInstanceId}: instance id → its model id), those whose
     * most recent record is lmdeck's own completed load (no later unload or foreign load of that instance id), or
     * that are what a load lmdeck started and never saw end (it died mid-load) produced; every such load; and the chat
     * model lmdeck last made active. Called with an empty map too (nothing listed: open loads still need an end).
     */
    Recalled recall(Map<String, String> modelIdByInstanceId);

    /** Remembers nothing: every instance found at start is another program's. */
    static OwnershipHistory none() {
        return modelIdByInstanceId -> Recalled.NOTHING;
    }

    /**
     * {@code loadedByLmdeck}: a subset of the asked instance ids (always including the keys of
     * {@code interruptedLoads}); {@code activeModelId} and {@code activeInstanceId}: the last
     * {@code active_model_changed}, null when unknown or when lmdeck last had no active model;
     * {@code interruptedLoads}: instance id → operation id of the load lmdeck started, whose end it never recorded,
     * that this instance is the result of; {@code openLoads}: operation id → model id of every load lmdeck started
     * and never saw end (whether or not an instance is listed for it), which lmdeck ends at start: adopted through
     * {@code interruptedLoads}, else failed as interrupted.
     */
    record Recalled(Set<String> loadedByLmdeck, String activeModelId, String activeInstanceId,
                    Map<String, String> interruptedLoads, Map<String, String> openLoads) {
        public static final Recalled NOTHING = new Recalled(Set.of(), null, null);

        public Recalled {
            interruptedLoads = Map.copyOf(Objects.requireNonNull(interruptedLoads, "interruptedLoads"));
            openLoads = Map.copyOf(Objects.requireNonNull(openLoads, "openLoads"));
            Set<String> owned = new HashSet<>(Objects.requireNonNull(loadedByLmdeck, "loadedByLmdeck"));
            owned.addAll(interruptedLoads.keySet());
            loadedByLmdeck = Set.copyOf(owned);
        }

        public Recalled(Set<String> loadedByLmdeck, String activeModelId, String activeInstanceId,
                        Map<String, String> interruptedLoads) {
            this(loadedByLmdeck, activeModelId, activeInstanceId, interruptedLoads, Map.of());
        }

        public Recalled(Set<String> loadedByLmdeck, String activeModelId, String activeInstanceId) {
            this(loadedByLmdeck, activeModelId, activeInstanceId, Map.of());
        }
    }
}
