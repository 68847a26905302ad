package io.lmdeck.presets;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --config lmdeck.toml}, read once at start (contract section 7): presets per model, as
 * <pre>
 * [presets."qwen/qwen3-8b"]
 * context_length = 8192
 * gpu_offload = "max"       # or 0.5
 * parallel = 2
 * ttl_seconds = 600
 * pinned = true
 * aliases = ["fast", "qwen"]
 * </pre>
 * Anything else is refused with a one-line {@link ConfigFileException}: unknown tables and keys (a typo must not
 * pass silently), wrong types, an alias given to two models. {@code [hosts.NAME]} is refused too, with its own
 * reason: lmdeck talks to one LM Studio host so far, and a setting that would do nothing must not look accepted.
 */
public record ConfigFile(Map<String, Preset> presets) {
    private static final TomlMapper TOML = new TomlMapper();

    public ConfigFile {
        presets = Map.copyOf(presets);
    }

    public static ConfigFile empty() {
        return new ConfigFile(Map.of());
    }

    public static ConfigFile read(Path file) {
        JsonNode root;
        try {
            root = TOML.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(file + ": no such file");
        } catch (JacksonException e) {
            throw new ConfigFileException(file + ": not valid TOML: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot read it (" + oneLine(e.getMessage()) + ")");
        }
        Map<String, Preset> presets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> tables = root.fields(); tables.hasNext(); ) {
            Map.Entry<String, JsonNode> table = tables.next();
            switch (table.getKey()) {
                case "presets":
                    presets.putAll(presets(file, table.getValue()));
                    break;
                case "hosts":
                    throw new ConfigFileException(file + ": [hosts] is not supported yet: lmdeck talks to one LM Studio"
                            + " (--lmstudio-url); remove the [hosts] tables");
                default:
                    throw new ConfigFileException(file + ": unknown setting '" + table.getKey()
                            + "'; the file may only hold [presets.\"MODEL\"] tables");
            }
        }
        return new ConfigFile(presets);
    }

    private static Map<String, Preset> presets(Path file, JsonNode presetsTable) {
        if (!presetsTable.isObject()) {
            throw new ConfigFileException(file + ": 'presets' must be tables, like [presets.\"qwen/qwen3-8b\"]");
        }
        Map<String, Preset> presets = new LinkedHashMap<>();
        Map<String, String> aliasOwners = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = presetsTable.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String modelId = entry.getKey();
            String where = file + ": [presets.\"" + modelId + "\"]: ";
            JsonNode table = entry.getValue();
            if (!table.isObject()) {
                throw new ConfigFileException(where + "must be a table of settings");
            }
            for (Iterator<String> keys = table.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!PresetFields.NAMES.contains(key)) {
                    throw new ConfigFileException(where + "unknown setting '" + key + "'; allowed: "
                            + String.join(", ", PresetFields.NAMES.stream().sorted().toList()));
                }
            }
            Preset preset;
            try {
                preset = PresetFields.read(modelId, table::get);
            } catch (IllegalArgumentException e) {
                throw new ConfigFileException(where + e.getMessage());
            }
            for (String alias : preset.aliases()) {
                String other = aliasOwners.putIfAbsent(alias, modelId);
                if (other != null) {
                    throw new ConfigFileException(where + "alias '" + alias + "' is already given to " + other);
                }
            }
            presets.put(modelId, preset);
        }
        return presets;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
