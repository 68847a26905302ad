package io.lmdeck.presets;

import io.lmdeck.lifecycle.GpuOffload;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How lmdeck loads and keeps one model (contract section 7). Every setting is optional: null (or, for
 * {@code pinned}, false; for {@code aliases}, none) means LM Studio's default. The constructor is the one place that
 * says what a valid preset is; it refuses anything else with an {@link IllegalArgumentException} naming the field,
 * in the API's snake_case, so the API and the config file report the same words.
 */
public record Preset(
        String modelId,
        Integer contextLength,
        GpuOffload gpuOffload,
        Integer parallel,
        Integer ttlSeconds,
        boolean pinned,
        List<String> aliases) {

    /** Longer than any model LM Studio can load today; guards against typos like 10^9. */
    public static final int MAX_CONTEXT_LENGTH = 16 * 1024 * 1024;
    /** LM Studio's own limit on parallel requests per model is far below this. */
    public static final int MAX_PARALLEL = 256;
    public static final int MAX_TTL_SECONDS = 365 * 24 * 3600;
    public static final int MAX_ALIASES = 32;
    public static final int MAX_ALIAS_LENGTH = 128;
    /**
     * Letters, digits and {@code . _ - / :} (so {@code gpt-4o-mini} or {@code team/coder} work), starting with a letter
     * or digit. No {@code @}: {@code key@host} names a host (section 8). No spaces: names are typed in shells.
     */
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

    public Preset {
        Objects.requireNonNull(modelId, "modelId");
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("model_id must not be empty");
        }
        requireRange("context_length", contextLength, 1, MAX_CONTEXT_LENGTH);
        requireRange("parallel", parallel, 1, MAX_PARALLEL);
        requireRange("ttl_seconds", ttlSeconds, 1, MAX_TTL_SECONDS);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        checkAliases(modelId, aliases);
    }

    /** A preset with every setting at LM Studio's default. */
    public static Preset defaults(String modelId) {
        return new Preset(modelId, null, null, null, null, false, List.of());
    }

    public boolean isDefault() {
        return contextLength == null && gpuOffload == null && parallel == null && ttlSeconds == null && !pinned
                && aliases.isEmpty();
    }

    private static void requireRange(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    private static void checkAliases(String modelId, List<String> aliases) {
        if (aliases.size() > MAX_ALIASES) {
            throw new IllegalArgumentException("aliases: at most " + MAX_ALIASES + " per model (got " + aliases.size() + ")");
        }
        Set<String> seen = new HashSet<>();
        for (String alias : aliases) {
            if (alias == null || alias.length() > MAX_ALIAS_LENGTH || !ALIAS.matcher(alias).matches()) {
                throw new IllegalArgumentException("aliases: '" + alias + "' is not a valid alias (1 to " + MAX_ALIAS_LENGTH
                        + " letters, digits, '.', '_', '-', '/' or ':', starting with a letter or digit)");
            }
            if (alias.equals(modelId)) {
                throw new IllegalArgumentException("aliases: '" + alias + "' is the model's own key");
            }
            if (!seen.add(alias)) {
                throw new IllegalArgumentException("aliases: '" + alias + "' is given twice");
            }
        }
    }
}
