package io.lmdeck.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

/** A model's state as users see it (contract {@code Model.state}). */
public enum ModelState implements WireEnum {
    NOT_LOADED, LOADING, LOADED, UNLOADING, FAILED;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }
}
