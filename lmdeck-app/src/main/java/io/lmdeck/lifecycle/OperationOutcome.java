package io.lmdeck.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

public enum OperationOutcome implements WireEnum {
    COMPLETED, FAILED, CANCELLED;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }
}
