package io.lmdeck.presets;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lifecycle.GpuOffload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A preset's fields in lmdeck's snake_case, read from a JSON tree: the body of {@code PUT /api/presets/{model_id}}
 * or a {@code [presets."…"]} table of the config file (TOML, read by Jackson into the same tree), and written back
 * as the API's JSON. Wrong types and values are {@link IllegalArgumentException}s naming the field.
 */
public final class PresetFields {
    /** Every field a preset may have; anything else is refused (a typo is never silently ignored). */
    public static final Set<String> NAMES = Set.of("context_length", "gpu_offload", "parallel", "ttl_seconds", "pinned", "aliases");

    private PresetFields() {
    }

    /** The whole preset of {@code modelId}; {@code field} gives each field's value, null (or JSON null) when absent. */
    public static Preset read(String modelId, Function<String, JsonNode> field) {
        return new Preset(modelId,
                integer(field, "context_length"),
                gpuOffload(field.apply("gpu_offload")),
                integer(field, "parallel"),
                integer(field, "ttl_seconds"),
                bool(field, "pinned"),
                aliases(field.apply("aliases")));
    }

    /** The API's JSON object: every field, null for LM Studio's default, and where it comes from. */
    public static Map<String, Object> write(Preset preset, PresetSource source) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model_id", preset.modelId());
        json.put("context_length", preset.contextLength());
        GpuOffload offload = preset.gpuOffload();
        json.put("gpu_offload", offload == null ? null : offload.max() ? "max" : (Object) offload.ratio());
        json.put("parallel", preset.parallel());
        json.put("ttl_seconds", preset.ttlSeconds());
        json.put("pinned", preset.pinned());
        json.put("aliases", preset.aliases());
        json.put("source", source.wire());
        return json;
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private static Integer integer(Function<String, JsonNode> field, String name) {
        JsonNode value = field.apply(name);
        if (absent(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(name, "an integer");
        }
        return value.intValue();
    }

    private static boolean bool(Function<String, JsonNode> field, String name) {
        JsonNode value = field.apply(name);
        if (absent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "true or false");
        }
        return value.booleanValue();
    }

    private static GpuOffload gpuOffload(JsonNode value) {
        if (absent(value)) {
            return null;
        }
        if (value.isTextual() && value.asText().equals("max")) {
            return GpuOffload.maximum();
        }
        if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 1) {
            throw wrongType("gpu_offload", "a number between 0 and 1, or \"max\"");
        }
        return GpuOffload.ratio(value.doubleValue());
    }

    private static List<String> aliases(JsonNode value) {
        if (absent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrongType("aliases", "a list of names");
        }
        List<String> aliases = new ArrayList<>();
        for (JsonNode alias : value) {
            if (!alias.isTextual()) {
                throw wrongType("aliases", "a list of names (strings)");
            }
            aliases.add(alias.asText());
        }
        return aliases;
    }

    private static IllegalArgumentException wrongType(String field, String expected) {
        return new IllegalArgumentException(field + " must be " + expected);
    }
}
