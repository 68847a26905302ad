package io.lmdeck.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

public enum ModelType implements WireEnum {
    LLM, EMBEDDING;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }
}
