package io.lmdeck.presets;

/** An alias that another model's preset already has, or that is itself a model's key (answered 409). */
public final class PresetConflictException extends RuntimeException {
    public PresetConflictException(String message) {
        super(message, null, false, false);
    }
}
