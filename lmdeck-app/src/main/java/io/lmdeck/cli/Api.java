package io.lmdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

    private Api() {
    }

    /** The {@code lmstudio} object of the status answer. */
    static JsonNode status(LmdeckHttp http) {
        return http.get(STATUS).path("lmstudio");
    }

    /**
     * The catalogue's models, to match a model name against. An empty catalogue is explained: LM Studio is offline
     * (or lmdeck, just started, has not reached it yet), or it really has no models.
     */
    static List<JsonNode> modelsToMatch(LmdeckHttp http) {
        JsonNode catalog = http.get(CATALOG);
        List<JsonNode> models = models(catalog);
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
            candidates.add(new ModelMatcher.Candidate(model.path("model_id").asText(), text(model, "display_name")));
        }
        return candidates;
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
