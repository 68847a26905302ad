package io.lmdeck.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a lifecycle event happened: who or what asked for it (contract section 3). */
public enum Cause {
    USER, API, CLI, CHAT, GATEWAY, TTL, EXTERNAL, STARTUP, SYSTEM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Cause parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
