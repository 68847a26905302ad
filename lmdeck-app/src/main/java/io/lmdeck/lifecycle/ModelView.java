package io.lmdeck.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * One catalogue entry with its live state (contract {@code Model}): the model as LM Studio describes it through the
 * port ({@link LmStudioPort.Model}, the one model shape on lmdeck's side of the port; its display name never blank),
 * plus its state, progress and loaded instances as lmdeck knows them. Immutable.
 */
public record ModelView(
        @JsonUnwrapped @JsonIgnoreProperties({"instances"}) LmStudioPort.Model model,
        ModelState state,
        Double progress,
        List<InstanceView> instances) {

    public ModelView {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    public String modelId() {
        return model.modelId();
    }

    public String displayName() {
        return model.displayName();
    }

    public ModelType type() {
        return model.type();
    }
}
