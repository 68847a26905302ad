package io.lmdeck.lmstudio.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Compares a served JSON value with a golden example field by field: same keys (keys named optional may be missing
 * or extra, as documented-optional fields are), same JSON types, integers where the golden has integers. A golden null accepts null or a string.
 * An actual array element must match one of the golden array's elements.
 */
final class GoldenShape {
    private GoldenShape() {}

    static JsonNode golden(String name) {
        try (InputStream in = GoldenShape.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) throw new IllegalArgumentException("no golden file " + name);
            return SimHttp.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertMatches(String goldenName, JsonNode actual, String... optionalKeys) {
        List<String> problems = new ArrayList<>();
        compare(golden(goldenName), actual, "$", Set.of(optionalKeys), problems);
        if (!problems.isEmpty()) {
            throw new AssertionError("served JSON does not match golden " + goldenName + ":\n  "
                    + String.join("\n  ", problems) + "\nserved: " + actual);
        }
    }

    private static void compare(JsonNode golden, JsonNode actual, String path, Set<String> optional, List<String> out) {
        if (golden.isObject()) {
            if (!actual.isObject()) {
                out.add(path + ": expected object, got " + actual.getNodeType());
                return;
            }
            for (Iterator<String> it = golden.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!actual.has(key)) {
                    if (!optional.contains(key)) out.add(path + "." + key + ": missing");
                    continue;
                }
                compare(golden.get(key), actual.get(key), path + "." + key, optional, out);
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!golden.has(key) && !optional.contains(key)) out.add(path + "." + key + ": not in the documented shape");
            }
        } else if (golden.isArray()) {
            if (!actual.isArray()) {
                out.add(path + ": expected array, got " + actual.getNodeType());
                return;
            }
            if (golden.isEmpty()) return;
            for (int i = 0; i < actual.size(); i++) {
                List<String> best = null;
                for (JsonNode candidate : golden) {
                    List<String> attempt = new ArrayList<>();
                    compare(candidate, actual.get(i), path + "[" + i + "]", optional, attempt);
                    if (best == null || attempt.size() < best.size()) best = attempt;
                }
                out.addAll(best);
            }
        } else if (golden.isNull()) {
            if (!actual.isNull() && !actual.isTextual()) out.add(path + ": expected null or string, got " + actual.getNodeType());
        } else if (golden.isTextual()) {
            if (!actual.isTextual()) out.add(path + ": expected string, got " + actual.getNodeType());
        } else if (golden.isBoolean()) {
            if (!actual.isBoolean()) out.add(path + ": expected boolean, got " + actual.getNodeType());
        } else if (golden.isIntegralNumber()) {
            if (!actual.isIntegralNumber()) out.add(path + ": expected integer, got " + actual);
        } else if (golden.isNumber()) {
            if (!actual.isNumber()) out.add(path + ": expected number, got " + actual.getNodeType());
        }
    }
}
