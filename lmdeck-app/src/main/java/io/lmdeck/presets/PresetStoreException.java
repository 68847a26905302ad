package io.lmdeck.presets;

/** The preset database failed (unreachable, refused); the message is one line without secrets. */
public final class PresetStoreException extends RuntimeException {
    public PresetStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
