package io.lmdeck.lifecycle;

import java.util.Locale;

/** Enums whose JSON form is their lower-case name (contract section 2). */
interface WireEnum {
    String name();

    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
