package io.lmdeck.http;

import io.javalin.http.Context;
import io.lmdeck.activity.ActivityLog;
import io.lmdeck.activity.ActivityQuery;
import io.lmdeck.events.EventType;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code GET /api/activity}: the persisted log, newest first, keyset-paged. */
final class ActivityRoutes {
    private static final Set<String> PARAMS = Set.of("limit", "before", "model_id", "type");
    private final ActivityLog activity;

    ActivityRoutes(ActivityLog activity) {
        this.activity = activity;
    }

    void page(Context ctx) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!PARAMS.contains(name)) {
                throw ApiException.badRequest("Unknown query parameter '" + name + "'; allowed: limit, before, model_id, type");
            }
        }
        int limit = ActivityQuery.DEFAULT_LIMIT;
        String rawLimit = ctx.queryParam("limit");
        if (rawLimit != null) {
            limit = (int) parseLong("limit", rawLimit, 1, ActivityQuery.MAX_LIMIT);
        }
        String rawBefore = ctx.queryParam("before");
        Long before = rawBefore == null ? null : parseLong("before", rawBefore, 1, Long.MAX_VALUE);
        String modelId = emptyToNull(ctx.queryParam("model_id"));
        EventType type = null;
        String rawType = emptyToNull(ctx.queryParam("type"));
        if (rawType != null) {
            type = EventType.fromWireName(rawType).orElseThrow(() -> ApiException.badRequest(
                    "Unknown type '" + rawType + "'; one of: "
                            + Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.joining(", "))));
        }
        ctx.json(activity.page(new ActivityQuery(limit, before, modelId, type)));
    }

    private static long parseLong(String name, String raw, long min, long max) {
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Query parameter '" + name + "' must be an integer (got '" + raw + "')");
        }
        if (value < min || value > max) {
            throw ApiException.badRequest("Query parameter '" + name + "' must be between " + min + " and " + max);
        }
        return value;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
