package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.LoadState;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines what the APIs report into one catalogue. The primary list (REST v1, or the websocket's downloaded models)
 * gives the entries. When the websocket answered, its loaded instances are the truth (it is what {@code lms ps}
 * shows). Otherwise loaded instances are the union of REST v1 and v0, because v1 has been seen to report
 * {@code loaded_instances: []} for a model v0 shows loaded. REST v0 also contributes the {@code loading} state.
 */
final class CatalogMerger {
    private CatalogMerger() {
    }

    /**
     * @param primary     the catalogue entries (never null)
     * @param v0          REST v0's view, or an empty list
     * @param wsInstances the websocket's loaded instances, or null when the websocket did not answer
     */
    static List<ModelInfo> merge(List<ModelInfo> primary, List<ModelInfo> v0, List<LoadedInstance> wsInstances) {
        boolean wsKnown = wsInstances != null;
        List<LoadedInstance> ws = wsKnown ? wsInstances : List.of();
        Map<String, ModelInfo> byKey = new LinkedHashMap<>();
        primary.forEach(m -> byKey.putIfAbsent(m.key(), m));
        Map<String, ModelInfo> v0ByKey = new LinkedHashMap<>();
        v0.forEach(m -> v0ByKey.putIfAbsent(m.key(), m));
        if (primary.isEmpty()) {
            v0.forEach(m -> byKey.putIfAbsent(m.key(), m));
        }
        for (LoadedInstance i : ws) {
            if (i.modelKey() != null && !byKey.containsKey(i.modelKey())) {
                byKey.put(i.modelKey(), new ModelInfo(i.modelKey(), null, null, i.type(), null, null, i.sizeBytes(), null,
                        null, null, false, false, null, List.of(), null, null, LoadState.LOADED, List.of()));
            }
        }
        List<ModelInfo> out = new ArrayList<>();
        for (ModelInfo m : byKey.values()) {
            Map<String, LoadedInstance> instances = new LinkedHashMap<>();
            ws.stream().filter(i -> m.key().equals(i.modelKey())).forEach(i -> instances.put(i.instanceId(), i));
            ModelInfo fromV0 = v0ByKey.get(m.key());
            if (wsKnown) {
                fillDetails(instances, m.loadedInstances());
            } else {
                addAll(instances, m.loadedInstances());
                if (fromV0 != null) {
                    addAll(instances, fromV0.loadedInstances());
                }
            }
            LoadState state;
            if (!instances.isEmpty()) {
                state = LoadState.LOADED;
            } else if (m.state() == LoadState.LOADING || fromV0 != null && fromV0.state() == LoadState.LOADING) {
                state = LoadState.LOADING;
            } else {
                state = LoadState.NOT_LOADED;
            }
            out.add(m.withInstances(List.copyOf(instances.values()), state));
        }
        return out;
    }

    private static void fillDetails(Map<String, LoadedInstance> into, List<LoadedInstance> more) {
        for (LoadedInstance i : more) {
            into.computeIfPresent(i.instanceId(), (id, known) -> known.fillFrom(i));
        }
    }

    private static void addAll(Map<String, LoadedInstance> into, List<LoadedInstance> more) {
        for (LoadedInstance i : more) {
            into.merge(i.instanceId(), i, LoadedInstance::fillFrom);
        }
    }
}
