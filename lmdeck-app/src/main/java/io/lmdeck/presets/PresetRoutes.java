package io.lmdeck.presets;

import io.javalin.http.Context;
import io.lmdeck.http.ApiException;
import io.lmdeck.http.JsonBody;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/presets} and {@code GET|PUT|DELETE /api/presets/{model_id}} (contract section 7), where
 * {@code {model_id}} is the rest of the path, slashes and all, plain or URL-encoded.
 */
public final class PresetRoutes {
    /** Javalin's catch-the-rest parameter: {@code <model_id>} matches slashes too. */
    public static final String ONE = "/api/presets/<model_id>";
    public static final String ALL = "/api/presets";
    private static final Duration OFFLINE_RETRY = Duration.ofSeconds(5);

    private final Presets presets;

    public PresetRoutes(Presets presets) {
        this.presets = presets;
    }

    public void list(Context ctx) {
        List<Map<String, Object>> all = presets.list().stream()
                .map(e -> PresetFields.write(e.preset(), e.source()))
                .toList();
        ctx.json(Map.of("presets", all));
    }

    public void get(Context ctx) {
        Presets.Effective preset = answer(() -> presets.get(modelId(ctx)));
        ctx.json(PresetFields.write(preset.preset(), preset.source()));
    }

    public void put(Context ctx) {
        String modelId = modelId(ctx);
        JsonBody body = JsonBody.read(ctx, PresetFields.NAMES);
        Preset preset = answer(() -> PresetFields.read(modelId, body::raw));
        Presets.Effective stored = answer(() -> presets.put(preset));
        ctx.json(PresetFields.write(stored.preset(), stored.source()));
    }

    public void delete(Context ctx) {
        String modelId = modelId(ctx);
        Presets.DeleteResult result = answer(() -> presets.delete(modelId));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model_id", modelId);
        json.put("deleted", result.deleted());
        json.put("in_effect", result.nowInEffect() == null ? null
                : PresetFields.write(result.nowInEffect().preset(), result.nowInEffect().source()));
        ctx.json(json);
    }

    /** The model id: Javalin decodes the path parameter, so {@code qwen%2Fqwen3-8b} is {@code qwen/qwen3-8b}. */
    private static String modelId(Context ctx) {
        String modelId = ctx.pathParam("model_id");
        if (modelId.isBlank()) {
            throw ApiException.badRequest("The model id is missing: PUT /api/presets/{model_id}");
        }
        return modelId;
    }

    private interface Call<T> {
        T run();
    }

    /** Maps the presets' refusals to lmdeck's error envelope. */
    private static <T> T answer(Call<T> call) {
        try {
            return call.run();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (UnknownModelException e) {
            throw e.lmstudioOffline()
                    ? new ApiException(503, "lmstudio_offline", e.getMessage(), OFFLINE_RETRY)
                    : new ApiException(404, "model_not_found", e.getMessage());
        } catch (PresetConflictException e) {
            throw new ApiException(409, "alias_conflict", e.getMessage());
        } catch (PresetStoreException e) {
            throw new ApiException(503, "database_unavailable", e.getMessage(), OFFLINE_RETRY);
        }
    }
}
