package io.lmdeck.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

/** LM Studio's overall status as lmdeck sees it (contract {@code lmstudio.status}). */
public enum ServiceStatus implements WireEnum {
    OFFLINE, IDLE, LOADING, READY, ERROR;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }
}
