package io.lmdeck.presets;

import java.util.Locale;

/** Where a model's preset comes from: stored through the API (CLI, UI), the {@code --config} file, or nowhere. */
public enum PresetSource {
    API,
    CONFIG,
    DEFAULT;

    /** The JSON form: {@code "api"}, {@code "config"}, {@code "default"}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
