package io.lmdeck.lmstudio.client.errors;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns LM Studio's error answers (REST envelopes, plain-string errors, SDK websocket errors) into typed exceptions.
 * LM Studio's status codes are not reliable (some errors come with HTTP 200), so the body decides first.
 */
public final class UpstreamErrors {
    private static final Pattern ESTIMATE = Pattern.compile(
            "(?i)approximately\\s+([0-9]+(?:[.,][0-9]+)?)\\s*(GiB|GB|MiB|MB|TiB|TB|KB|KiB)");
    private static final Pattern EXAMPLES = Pattern.compile("\\(e\\.g\\.,?\\s*([^)]*)\\)");
    private static final Pattern YOUR_MODELS = Pattern.compile("(?s)Your models:\\s*(.*)");

    private UpstreamErrors() {
    }

    /** What the failed request was about, so the error can name it. Either field may be null. */
    public record Subject(String modelKey, String instanceId, boolean loading) {
        public static final Subject NONE = new Subject(null, null, false);

        public static Subject model(String key) {
            return new Subject(key, null, false);
        }

        public static Subject load(String key) {
            return new Subject(key, null, true);
        }

        public static Subject instance(String id) {
            return new Subject(null, id, false);
        }
    }

    /** True when the JSON body is one of LM Studio's error answers ({@code {"error": …}}), whatever the status. */
    public static boolean isErrorBody(JsonNode body) {
        return body != null && body.isObject() && body.has("error") && !body.get("error").isNull();
    }

    /**
     * The exception for an HTTP answer that is an error (status ≥ 400, or any status with an {@code error} body).
     *
     * @param body the parsed body, or null when it was not JSON
     * @param raw  the raw body text (used when it was not JSON)
     */
    public static LmStudioException fromHttp(int status, JsonNode body, String raw, String endpoint, Subject subject) {
        JsonNode error = body == null ? null : body.get("error");
        String message;
        String code = null;
        if (error != null && error.isTextual()) {
            message = error.asText();
        } else if (error != null && error.isObject()) {
            message = text(error, "message");
            code = firstNonNull(text(error, "code"), text(error, "type"));
            String type = text(error, "type");
            if ("model_load_failed".equals(type) || "model_load_failed".equals(text(error, "code"))) {
                code = "model_load_failed";
            }
            if ("model_not_found".equals(type)) {
                code = "model_not_found";
            }
        } else {
            message = raw == null || raw.isBlank() ? "HTTP " + status : abbreviate(raw);
            if (body == null && status >= 500 && !subject.loading()) {
                return new ProtocolException("LM Studio answered " + endpoint + " with HTTP " + status + ": " + message, status, null);
            }
        }
        if (message == null) {
            message = "HTTP " + status;
        }
        return classify(status, code, message, endpoint, subject);
    }

    /**
     * The exception for an SDK websocket error ({@code rpcError}/{@code channelError} payload:
     * {@code {title, rootTitle?, cause?, suggestion?, displayData?: {code, …}}}).
     */
    public static LmStudioException fromSdk(JsonNode error, String endpoint, Subject subject) {
        if (error == null || !error.isObject()) {
            String text = error == null ? "unknown error" : error.asText();
            return subject.loading() ? new ModelLoadFailedException(subject.modelKey(), text, 0, null)
                    : new ProtocolException(endpoint + " failed: " + text, 0, null);
        }
        String title = firstNonNull(text(error, "rootTitle"), text(error, "title"));
        String cause = text(error, "cause");
        String message = title == null ? firstNonNull(cause, "unknown error")
                : cause == null || title.contains(cause) ? title : title + ": " + cause;
        JsonNode display = error.path("displayData");
        String displayCode = text(display, "code");
        if ("generic.pathNotFound".equals(displayCode) || "generic.noModelMatchingQuery".equals(displayCode)) {
            List<String> sample = strings(display.path("availablePathsSample"));
            String key = firstNonNull(text(display, "path"), text(display, "query"), subject.modelKey());
            return new ModelNotFoundException(key, message, sample, 0);
        }
        if ("generic.identifierNotFound".equals(displayCode) || "generic.specificModelUnloaded".equals(displayCode)) {
            String id = firstNonNull(text(display, "identifier"), subject.instanceId());
            if (subject.loading() || subject.instanceId() == null && subject.modelKey() != null) {
                return new ModelNotFoundException(firstNonNull(subject.modelKey(), id), message, List.of(), 0);
            }
            return new InstanceNotFoundException(id, message, 0);
        }
        return classify(0, displayCode, message, endpoint, subject);
    }

    private static LmStudioException classify(int status, String code, String message, String endpoint, Subject subject) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (status == 401 || status == 403 || "invalid_api_key".equals(code)
                || lower.contains("api token is required") || lower.contains("failed to authenticate")) {
            return new InvalidApiKeyException(authMessage(message), status);
        }
        if (lower.contains("insufficient system resources") || lower.contains("requires approximately")
                || "insufficient_memory".equals(code)) {
            return insufficientMemory(message, status, code);
        }
        if (subject.instanceId() != null && (status == 404 || "model_not_found".equals(code)
                || lower.contains("not found") || lower.contains("no loaded model"))) {
            return new InstanceNotFoundException(subject.instanceId(), message, status);
        }
        if ("model_not_found".equals(code) || lower.contains("not found in downloaded models")
                || lower.startsWith("invalid model identifier") || (lower.contains("model") && lower.contains("not found")
                && subject.instanceId() == null && subject.modelKey() != null)) {
            String key = subject.modelKey() != null ? subject.modelKey() : quoted(message);
            return new ModelNotFoundException(key, message, closeMatchesIn(message), status);
        }
        if (lower.contains("already in use") || lower.contains("already exists")) {
            // A custom identifier that another instance has: the caller must pick another one.
            return new BadRequestException(message, status, code != null ? code : "identifier_in_use");
        }
        if (lower.startsWith("unexpected endpoint or method")) {
            return new NotSupportedException("LM Studio does not have " + endpoint + " (" + message + ")");
        }
        if (subject.loading() && ("model_load_failed".equals(code) || status >= 500 || status == 0)) {
            return new ModelLoadFailedException(subject.modelKey(), message, status, code);
        }
        if (status >= 400 && status < 500 || status == 200 || status == 0) {
            return new BadRequestException(message, status, code);
        }
        return new ProtocolException("LM Studio answered " + endpoint + " with HTTP " + status + ": " + message, status, null);
    }

    private static InsufficientMemoryException insufficientMemory(String message, int status, String code) {
        Matcher m = ESTIMATE.matcher(message);
        String estimate = null;
        Long bytes = null;
        if (m.find()) {
            estimate = m.group(1) + " " + m.group(2);
            double value = Double.parseDouble(m.group(1).replace(',', '.'));
            bytes = Math.round(value * unit(m.group(2)));
        }
        return new InsufficientMemoryException(message, estimate, bytes, status, code);
    }

    private static double unit(String unit) {
        switch (unit.toUpperCase(Locale.ROOT)) {
            case "KB": return 1e3;
            case "KIB": return 1024d;
            case "MB": return 1e6;
            case "MIB": return 1024d * 1024;
            case "TB": return 1e12;
            case "TIB": return 1024d * 1024 * 1024 * 1024;
            case "GIB": return 1024d * 1024 * 1024;
            default: return 1e9;
        }
    }

    /** Model keys LM Studio suggested in its message ("(e.g., a, b, c)" or "Your models: …"). */
    static List<String> closeMatchesIn(String message) {
        Matcher m = EXAMPLES.matcher(message);
        if (m.find()) {
            return splitList(m.group(1), ",");
        }
        m = YOUR_MODELS.matcher(message);
        if (m.find()) {
            return splitList(m.group(1), "\n");
        }
        return List.of();
    }

    private static List<String> splitList(String text, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(separator)) {
            String item = part.trim().replaceAll("^[-*•\\s]+", "").replaceAll("[.,]+$", "").trim();
            if (!item.isEmpty() && !item.equals("...") && !item.contains(" ")) {
                out.add(item);
            }
        }
        return out;
    }

    private static String authMessage(String upstream) {
        return "LM Studio refused the request: an API token is required or the one given is wrong ("
                + Secrets.redact(abbreviate(upstream)) + ")";
    }

    private static String quoted(String message) {
        Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        m = Pattern.compile("Model (\\S+) not found").matcher(message);
        return m.find() ? m.group(1) : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : firstNonNull(text(n, "path"), text(n, "modelKey"), n.toString())));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        return Arrays.stream(values).filter(v -> v != null).findFirst().orElse(null);
    }

    private static String abbreviate(String text) {
        String flat = text.strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
