package io.lmdeck.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who loaded an instance: lmdeck, or another program (LM Studio app, lms, JIT, another client). */
public enum LoadedBy implements WireEnum {
    LMDECK, EXTERNAL;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }
}
