package io.lmdeck.presets;

/** The {@code --config} file is missing or wrong; the message is one line that names the file and the place. */
public final class ConfigFileException extends RuntimeException {
    public ConfigFileException(String message) {
        super(message, null, false, false);
    }
}
