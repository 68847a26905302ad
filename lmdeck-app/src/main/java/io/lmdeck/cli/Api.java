package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** lmdeck's API calls the verbs share, by their contract paths. */
final class Api {
    static final String CATALOG = "/api/models/lmstudio";
    static final String STATUS = "/api/models/lmstudio/status";
    static final String LOAD = "/api/models/lmstudio/load";
    static final String UNLOAD = "/api/models/lmstudio/unload";
    static final String CANCEL = "/api/models/lmstudio/cancel";
    static final String ACTIVITY = "/api/activity";
    static final String PRESETS = "/api/presets";

    private Api() {
    }

    /** The {@code lmstudio} object of the status answer. */
    static JsonNode status(LmdeckHttp http) {
        return http.get(STATUS).path("lmstudio");
    }

    /**
     * The catalogue's models, to match a model name against, each with its preset's {@code aliases}. An empty
     * catalogue is explained: LM Studio is offline (or lmdeck, just started, has not reached it yet), or it really has
     * no models.
     */
    static List<JsonNode> modelsToMatch(LmdeckHttp http) {
        JsonNode catalog = http.get(CATALOG);
        List<JsonNode> models = models(catalog);
        addAliases(http, models);
        if (models.isEmpty() && !catalog.path("online").asBoolean(false)) {
            throw notReached(status(http));
        }
        if (models.isEmpty()) {
            throw CliFailure.failed("LM Studio has no downloaded models: get one in LM Studio (or: lms get MODEL)");
        }
        return models;
    }

    /**
     * lmdeck has not reached LM Studio since it started, so it knows none of its models (exit 3, as {@code status}
     * when LM Studio is offline). {@code status} is the status's {@code lmstudio} object.
     */
    static CliFailure notReached(JsonNode status) {
        String baseUrl = text(status, "base_url");
        String where = baseUrl == null ? "" : " at " + baseUrl;
        if (text(status, "checked_at") == null) {
            return CliFailure.unreachable("lmdeck has not reached LM Studio" + where + " yet (it has just started),"
                    + " so it does not know its models — try again in a moment (./lmdeck status shows when it has)");
        }
        return CliFailure.unreachable("lmdeck has not reached LM Studio" + where + " since it started, so it does not"
                + " know its models — start LM Studio (or: lms server start), or run ./lmdeck serve --simulator");
    }

    static List<JsonNode> models(JsonNode catalog) {
        List<JsonNode> models = new ArrayList<>();
        catalog.path("models").forEach(models::add);
        return models;
    }

    static List<ModelMatcher.Candidate> candidates(List<JsonNode> models) {
        List<ModelMatcher.Candidate> candidates = new ArrayList<>();
        for (JsonNode model : models) {
            List<String> aliases = new ArrayList<>();
            model.path("aliases").forEach(alias -> aliases.add(alias.asText()));
            candidates.add(new ModelMatcher.Candidate(model.path("model_id").asText(), text(model, "display_name"), aliases));
        }
        return candidates;
    }

    /** Copies each preset's aliases onto its model, so a name can be an alias; without presets, names still work. */
    private static void addAliases(LmdeckHttp http, List<JsonNode> models) {
        JsonNode presets;
        try {
            presets = http.get(PRESETS).path("presets");
        } catch (CliFailure e) {
            return;
        }
        for (JsonNode preset : presets) {
            for (JsonNode model : models) {
                if (model instanceof ObjectNode && model.path("model_id").asText().equals(preset.path("model_id").asText())) {
                    ((ObjectNode) model).set("aliases", preset.path("aliases"));
                }
            }
        }
    }

    /** The path of a model's preset; the id is percent-encoded ({@code qwen%2Fqwen3-8b}), which the server decodes. */
    static String presetPath(String modelId) {
        return PRESETS + "/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static JsonNode byKey(List<JsonNode> models, String key) {
        return models.stream().filter(m -> key.equals(m.path("model_id").asText())).findFirst().orElseThrow();
    }

    /** A field's text, or null when it is missing or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    static String nameOf(JsonNode model) {
        String name = text(model, "display_name");
        return name == null || name.isBlank() ? model.path("model_id").asText() : name;
    }
}
